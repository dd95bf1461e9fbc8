package org.botkeeper.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, for looking at a page as a browser renders it: the DOM after
 * rendering, and a screenshot whose pixels tests read ({@link PagePixels}) and people can look at. Started with the flags this machine needs (no
 * sandbox as root, no background networking on a closed network) and a fresh profile each time.
 */
public final class HeadlessChromium {

	private final Path binary;

	private HeadlessChromium(Path binary) {
		this.binary = binary;
	}

	/** Chromium from PATH; fails (never skips) when it is missing, saying how to install it. */
	public static HeadlessChromium find() {
		for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
			for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
				Path candidate = Path.of(dir, name);
				if (Files.isExecutable(candidate)) {
					return new HeadlessChromium(candidate);
				}
			}
		}
		throw new AssertionError("No Chromium on PATH: the status page is checked in a real browser. Install it with "
				+ "'apt-get install chromium' (.ci/run does).");
	}

	/** The DOM after the page rendered. */
	public String dumpDom(String url) {
		return new String(run(List.of("--dump-dom", url)), StandardCharsets.UTF_8);
	}

	/** Saves a PNG of the page at {@code file}. */
	public void screenshot(String url, Path file) {
		run(List.of("--window-size=1280,720", "--screenshot=" + file.toAbsolutePath(), url));
		if (!Files.isRegularFile(file)) {
			throw new AssertionError("Chromium wrote no screenshot at " + file);
		}
	}

	private byte[] run(List<String> args) {
		Path profile = null;
		try {
			profile = Files.createTempDirectory("botkeeper-chromium");
			List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
					"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--user-data-dir=" + profile));
			command.addAll(args);
			// Chromium's own log goes where the leak sweep reads, like every other output of the run.
			Path log = Path.of(System.getProperty("user.dir"), "target", "chromium", "chromium.log");
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			byte[] out = process.getInputStream().readAllBytes();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new AssertionError("Chromium failed: " + String.join(" ", args));
			}
			return out;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			deleteTree(profile);
		}
	}

	private static void deleteTree(Path root) {
		if (root == null) {
			return;
		}
		try (var paths = Files.walk(root)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A leftover empty profile in the temp directory is harmless.
		}
	}

}
