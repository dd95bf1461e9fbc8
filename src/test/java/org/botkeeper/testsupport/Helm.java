package org.botkeeper.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code helm} command line, built with {@code go install helm.sh/helm/v3/cmd/helm@VERSION} from the
 * Go module proxy into {@code ~/.cache/botkeeper/helm/VERSION/} on first use (no Helm package here).
 * {@code .ci/run} starts the same build in the background, so it is usually there by the time tests
 * ask; two builds racing each move a complete binary into place.
 */
public final class Helm {

	public static final String VERSION = "v3.22.0";

	/** What one helm command printed, and how it ended. */
	public record Result(int exitCode, String out, String err) {

		public String describe() {
			return "[exit " + exitCode + ", stderr:\n" + err + "]";
		}

	}

	private Helm() {
	}

	/** Runs {@code helm args...} with no kube context, in {@code directory}. */
	public static Result run(Path directory, String... args) {
		List<String> command = new ArrayList<>(List.of(binary().toString()));
		command.addAll(List.of(args));
		try {
			Path out = Files.createTempFile("helm-out", ".txt");
			Path err = Files.createTempFile("helm-err", ".txt");
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectOutput(out.toFile())
				.redirectError(err.toFile());
			// No cluster is asked: lint and template render locally; keep the machine's config out.
			builder.environment().put("KUBECONFIG", "/nonexistent");
			builder.environment().put("HELM_CACHE_HOME", Files.createTempDirectory("helm-cache").toString());
			builder.environment().put("HELM_CONFIG_HOME", Files.createTempDirectory("helm-config").toString());
			builder.environment().put("HELM_DATA_HOME", Files.createTempDirectory("helm-data").toString());
			Process process = builder.start();
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException("helm " + String.join(" ", args) + " did not finish in 2 minutes");
			}
			Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
					Files.readString(err, StandardCharsets.UTF_8));
			Files.delete(out);
			Files.delete(err);
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static synchronized Path binary() {
		Path dir = Path.of(System.getProperty("user.home"), ".cache", "botkeeper", "helm", VERSION);
		Path binary = dir.resolve("helm");
		if (Files.isExecutable(binary)) {
			return binary;
		}
		try {
			Path staging = Files.createDirectories(dir.resolve("staging-" + ProcessHandle.current().pid()));
			ProcessBuilder install = new ProcessBuilder("go", "install", "helm.sh/helm/v3/cmd/helm@" + VERSION);
			install.environment().put("GOBIN", staging.toString());
			install.environment().put("GOTOOLCHAIN", "local");
			Process build = install.redirectErrorStream(true)
				.redirectOutput(dir.resolve("build-" + ProcessHandle.current().pid() + ".log").toFile())
				.directory(staging.toFile())
				.start();
			if (!build.waitFor(20, TimeUnit.MINUTES) || build.exitValue() != 0) {
				throw new IllegalStateException("go install of helm " + VERSION + " failed; see " + dir);
			}
			Files.move(staging.resolve("helm"), binary, StandardCopyOption.REPLACE_EXISTING,
					StandardCopyOption.ATOMIC_MOVE);
			return binary;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
