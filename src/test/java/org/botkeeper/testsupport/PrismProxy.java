package org.botkeeper.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stoplight Prism 5.14.2 in proxy mode between the client and the simulator, validating every
 * request and response against GitHub's OpenAPI description from {@code @octokit/openapi}
 * ({@code prism proxy <spec> <upstream> --errors}). Both come pinned from
 * {@code tools/github-contract/package-lock.json}, installed by {@code npm ci} into
 * {@code ~/.cache/botkeeper/github-contract/<lockfile hash>/} and reused across runs.
 *
 * <p>How Prism 5.14.2 reports a violation in proxy mode with {@code --errors} (found by trying): it
 * replaces the upstream answer with a 500 {@code application/problem+json} of type
 * {@code https://stoplight.io/prism/errors#VIOLATIONS}, sets an {@code sl-violations} header, and
 * logs {@code Request terminated with error}; request violations come back as 422 the same way.
 * {@link #violationsSince} reads the log for those lines. An answer whose status the operation does not
 * list is passed through with a warning and its body unchecked; {@link GitHubErrorResponses} therefore
 * gives Prism a copy of the description in which every operation lists the error answers GitHub
 * documents for all endpoints, so error bodies are checked too.
 */
public final class PrismProxy implements AutoCloseable {

	private final Process process;

	private final Path log;

	private final URI url;

	private PrismProxy(Process process, Path log, URI url) {
		this.process = process;
		this.log = log;
		this.url = url;
	}

	/** Installs the pinned tools when needed and starts Prism in front of {@code upstream}. */
	public static PrismProxy start(Path projectDir, String upstream, Path logDir) {
		Path tools = install(projectDir);
		int port = freePort();
		Path spec = GitHubErrorResponses.write(tools.resolve("node_modules/@octokit/openapi/generated/api.github.com.json"),
				logDir.resolve("api.github.com-" + port + ".json"));
		try {
			Files.createDirectories(logDir);
			Path log = logDir.resolve("prism-" + port + ".log");
			Process process = new ProcessBuilder(tools.resolve("node_modules/.bin/prism").toString(), "proxy",
					spec.toString(), upstream, "--errors", "--host", "127.0.0.1", "--port", Integer.toString(port))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			PrismProxy prism = new PrismProxy(process, log, URI.create("http://127.0.0.1:" + port));
			prism.awaitListening();
			// Read once at start-up; 13 MB the leak sweep need not read again.
			Files.deleteIfExists(spec);
			return prism;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The URL the client should use as its API base. */
	public URI url() {
		return url;
	}

	/**
	 * Statuses an answer may have although no operation lists them: 502 and 504, which GitHub's front end
	 * sends with no documented body (see {@link GitHubErrorResponses}, which lists every other error
	 * status on every operation). Prism warns "Unable to match the returned status code" for them; that
	 * warning, and only that one, is tolerated for these statuses.
	 */
	static final java.util.Set<String> GENERIC_STATUSES = java.util.Set.of("502", "504");

	private static final java.util.regex.Pattern RETURNED = java.util.regex.Pattern
		.compile("The upstream call to .* has returned (\\d{3})");

	/**
	 * Lines of Prism's log, from line {@code mark} on, that report a violation or a rejected exchange,
	 * except the unmatched-status warning for a {@link #GENERIC_STATUSES generic status} and warnings
	 * containing one of {@code tolerated}.
	 */
	public List<String> violationsSince(int mark, java.util.Collection<String> tolerated) {
		List<String> violations = new java.util.ArrayList<>();
		String lastStatus = "";
		List<String> lines = logLines();
		for (int i = mark; i < lines.size(); i++) {
			String line = lines.get(i);
			java.util.regex.Matcher returned = RETURNED.matcher(line);
			if (returned.find()) {
				lastStatus = returned.group(1);
				continue;
			}
			boolean reported = line.contains("Violation") || line.contains("\u2716") || line.contains("VIOLATIONS")
					|| line.contains("\u26a0");
			if (!reported) {
				continue;
			}
			boolean unmatchedStatus = line.contains("Unable to match the returned status code");
			if (unmatchedStatus && GENERIC_STATUSES.contains(lastStatus)) {
				continue;
			}
			if (line.contains("\u26a0") && tolerated.stream().anyMatch(line::contains)) {
				continue;
			}
			if (line.contains("FetchError") && line.contains("socket hang up")) {
				// The connection from Prism to the simulator ended before an answer: a transport event, not an
				// exchange that breaks the description (the client got no answer, and the test's own assertions
				// see that). Seen about once in four full runs and not yet explained; shown, not counted.
				System.err.println("Prism: upstream connection ended without an answer (not a violation): " + line);
				continue;
			}
			violations.add(line + (unmatchedStatus ? " (upstream returned " + lastStatus + ")" : ""));
		}
		return violations;
	}

	/** The current length of Prism's log in lines, to pass to {@link #violationsSince}. */
	public int mark() {
		return logLines().size();
	}

	public List<String> logLines() {
		try {
			settle();
			return Files.readAllLines(log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Prism writes its verdict on an exchange after the response went out; reading the log at once can
	 * miss it (seen on a loaded machine). Waits until the log has not grown for 300 ms, at most 3 s.
	 */
	private void settle() throws IOException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
		long size = Files.size(log);
		while (System.nanoTime() < deadline) {
			try {
				Thread.sleep(300);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			long now = Files.size(log);
			if (now == size) {
				return;
			}
			size = now;
		}
	}

	@Override
	public void close() {
		process.destroy();
		try {
			if (!process.waitFor(5, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitListening() {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Prism exited with " + process.exitValue() + "; see " + log);
			}
			if (logLines().stream().anyMatch(line -> line.contains("Prism is listening"))) {
				return;
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while Prism started");
			}
		}
		close();
		throw new IllegalStateException("Prism did not start listening within 120 s; see " + log);
	}

	/** {@code npm ci} of the pinned lockfile into a cache directory named by the lockfile's hash. */
	static Path install(Path projectDir) {
		Path source = projectDir.resolve("tools/github-contract");
		try {
			byte[] lock = Files.readAllBytes(source.resolve("package-lock.json"));
			String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lock)).substring(0, 16);
			Path cache = Path.of(System.getProperty("user.home"), ".cache", "botkeeper", "github-contract", hash);
			if (Files.isExecutable(cache.resolve("node_modules/.bin/prism"))
					&& Files.exists(cache.resolve("node_modules/@octokit/openapi/generated/api.github.com.json"))) {
				return cache;
			}
			Files.createDirectories(cache);
			Files.copy(source.resolve("package.json"), cache.resolve("package.json"),
					java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			Files.write(cache.resolve("package-lock.json"), lock);
			Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(cache.toFile())
				.redirectErrorStream(true)
				.redirectOutput(cache.resolve("npm-ci.log").toFile())
				.start();
			if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
				throw new IllegalStateException("npm ci of tools/github-contract failed; see " + cache.resolve("npm-ci.log"));
			}
			return cache;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted during npm ci");
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
