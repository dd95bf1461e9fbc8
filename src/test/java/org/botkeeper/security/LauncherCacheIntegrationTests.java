package org.botkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/botkeeper} runs code from its start-up cache (an extracted jar and a JDK AOT cache) only when
 * nobody else can have written it, and only when it was extracted from the very bytes of
 * {@code target/botkeeper.jar}. The launcher runs for real, from a copy of the repository layout
 * ({@code bin/}, {@code target/botkeeper.jar}, no sources, so it never builds) with a cache directory of
 * the test's own ({@code BOTKEEPER_CACHE}); {@code BOTKEEPER_DEBUG=1} makes it say what it runs.
 * Needs {@code target/botkeeper.jar} (the package phase, before these tests) and a JDK 25+ (AOT caches).
 */
class LauncherCacheIntegrationTests {

	private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

	private Path root;

	private Path jar;

	private Path cache;

	@BeforeEach
	void layout() throws IOException {
		Path built = Path.of(System.getProperty("user.dir"), "target", "botkeeper.jar");
		Assumptions.assumeTrue(Files.isRegularFile(built), "target/botkeeper.jar is built by the package phase");
		Assumptions.assumeTrue(Runtime.version().feature() >= 25, "AOT caches need a JDK 25+");
		Path base = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "launcher-tests"));
		root = Files.createTempDirectory(base, "root-");
		Files.createDirectories(root.resolve("bin"));
		Files.copy(Path.of(System.getProperty("user.dir"), "bin", "botkeeper"), root.resolve("bin/botkeeper"));
		Files.copy(Path.of(System.getProperty("user.dir"), "bin", "java-lookup.sh"), root.resolve("bin/java-lookup.sh"));
		jar = Files.createDirectories(root.resolve("target")).resolve("botkeeper.jar");
		Files.copy(built, jar, StandardCopyOption.COPY_ATTRIBUTES);
		cache = root.resolve("cache");
	}

	@Test
	void aCacheDirectoryOthersMayWriteToShouldNotBeUsed() throws Exception {
		Files.createDirectories(cache);
		Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));

		Run run = launch("--version");

		assertThat(run.code()).as(run.err()).isZero();
		assertThat(run.out()).startsWith("botkeeper ");
		assertThat(run.err()).contains("not using the start-up cache in " + cache.resolve("aot") + ": group or others may "
				+ "write to " + cache + " (mode 777)")
			.contains("chmod -R go-w " + cache)
			.contains("botkeeper: running " + jar);
		// A build would have created its NAME.building directory before the launcher went on.
		assertThat(cacheDirs()).as("nothing built in an untrusted directory").isEmpty();
	}

	@Test
	void aCacheShouldBeUsedOnlyWhileItIsPrivateAndExtractedFromThisJar() throws Exception {
		String sum = sha256(jar);
		Path aot = cache.resolve("aot").resolve(sum.substring(0, 32) + "-" + Runtime.version().feature());

		Run first = launch("--version");
		assertThat(first.err()).contains("botkeeper: running " + jar);
		awaitBuilt(aot);
		assertThat(Files.readString(aot.resolve("source.sha256")).strip()).isEqualTo(sum);
		assertThat(Files.getPosixFilePermissions(aot)).as("private").isEqualTo(PosixFilePermissions.fromString("rwx------"));

		Run cached = launch("--version");
		assertThat(cached.code()).as(cached.err()).isZero();
		assertThat(cached.err()).contains("botkeeper: running " + aot.resolve("app/botkeeper.jar") + " with the AOT cache");

		Path library;
		try (Stream<Path> libraries = Files.list(aot.resolve("app/lib"))) {
			library = libraries.findFirst().orElseThrow();
		}
		Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rw-rw-r--"));
		Run groupWritable = launch("--version");
		assertThat(groupWritable.code()).as(groupWritable.err()).isZero();
		assertThat(groupWritable.err()).contains("not using the start-up cache").contains(library + " is not yours alone")
			.contains("botkeeper: running " + jar);
		Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rw-------"));

		Files.writeString(aot.resolve("source.sha256"), "0".repeat(64) + "\n");
		Run mismatch = launch("--version");
		assertThat(mismatch.code()).as(mismatch.err()).isZero();
		assertThat(mismatch.err()).contains("the start-up cache " + aot + " was not extracted from " + jar)
			.contains("rebuilding it")
			.contains("botkeeper: running " + jar);
		awaitBuilt(aot);
		assertThat(Files.readString(aot.resolve("source.sha256")).strip()).as("rebuilt from this jar").isEqualTo(sum);
		assertThat(launch("--version").err()).contains("with the AOT cache");
	}

	@AfterEach
	void removeLayout() throws IOException {
		if (root == null) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	private record Run(int code, String out, String err) {
	}

	private Run launch(String... args) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>(List.of(root.resolve("bin/botkeeper").toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		Map<String, String> env = builder.environment();
		env.put("JAVA_HOME", System.getProperty("java.home"));
		env.put("BOTKEEPER_CACHE", cache.toString());
		env.put("BOTKEEPER_DEBUG", "1");
		env.remove("BOTKEEPER_AOT");
		Path err = Files.createTempFile(root, "stderr-", ".txt");
		builder.redirectError(err.toFile());
		Process process = builder.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("bin/botkeeper finished").isTrue();
		return new Run(process.exitValue(), out, Files.readString(err));
	}

	/** Waits for the background build to finish: the cache is complete and no build is under way. */
	private void awaitBuilt(Path aot) throws Exception {
		Instant deadline = Instant.now().plus(BUILD_TIMEOUT);
		while (!(Files.isRegularFile(aot.resolve("botkeeper.aot")) && Files.isRegularFile(aot.resolve("source.sha256"))
				&& Files.notExists(Path.of(aot + ".building")))) {
			assertThat(Instant.now()).as("the start-up cache was built within " + BUILD_TIMEOUT).isBefore(deadline);
			Thread.sleep(500);
		}
	}

	private List<Path> cacheDirs() throws IOException {
		Path aot = cache.resolve("aot");
		if (!Files.isDirectory(aot)) {
			return List.of();
		}
		try (Stream<Path> entries = Files.list(aot)) {
			return entries.filter(Files::isDirectory).toList();
		}
	}

	private static String sha256(Path file) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		try (var in = Files.newInputStream(file)) {
			byte[] buffer = new byte[1 << 16];
			for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
				digest.update(buffer, 0, n);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

}
