package org.botkeeper.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * Fresh random secret values for tests ("canaries"). Every canary planted here is remembered for
 * the run; {@link #assertNoLeak} checks a captured output at once, and {@link LeakSweep} scans every
 * output file of the run at the end ({@code ./mvnw verify} runs it), in raw, base64, double-base64,
 * hex and URL-encoded forms.
 *
 * <p>Canaries are generated at run time, never committed, and recorded only under
 * {@code target/leak-canaries/}, which the sweep skips.
 */
public final class LeakCanaries {

	/**
	 * Where this run's canaries are recorded: named by the build ({@code botkeeper.leak-canaries}, the
	 * same directory the sweep is given), else {@code target/leak-canaries} of the working directory.
	 */
	static final Path DIRECTORY = System.getProperty("botkeeper.leak-canaries") != null
			? Path.of(System.getProperty("botkeeper.leak-canaries"))
			: Path.of(System.getProperty("user.dir"), "target", "leak-canaries");

	private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	private static final SecureRandom RANDOM = new SecureRandom();

	private LeakCanaries() {
	}

	/** A password-like value. */
	public static String password() {
		return plant("Pw-" + random(ALNUM, 24) + "!");
	}

	/** A base32 TOTP seed of 160 bits, as GitHub shows it when 2FA is set up. */
	public static String totpSeed() {
		return plant(random(BASE32, 32));
	}

	/** A classic personal access token: {@code ghp_} and 36 characters. */
	public static String classicPat() {
		return plant("ghp_" + random(ALNUM, 36));
	}

	/** A fine-grained personal access token: {@code github_pat_}, 22 characters, '_', 59 characters. */
	public static String fineGrainedPat() {
		return plant("github_pat_" + random(ALNUM, 22) + "_" + random(ALNUM, 59));
	}

	/**
	 * Remembers any other secret value a test made, so the sweep looks for it too. A multi-line value
	 * (a PEM key) is remembered line by line, without its public armour lines ("-----BEGIN ...").
	 */
	public static String plant(String value) {
		List<String> secrets = value.lines()
			.map(String::strip)
			.filter(line -> !line.isEmpty() && !line.startsWith("-----"))
			.toList();
		try {
			Files.createDirectories(DIRECTORY);
			for (String secret : secrets) {
				Files.writeString(DIRECTORY.resolve("canaries-" + ProcessHandle.current().pid() + ".txt"), secret + "\n",
						StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return value;
	}

	/** Fails at once when any canary of this run shows, in any encoded form, in {@code output}. */
	public static void assertNoLeak(String where, String output) {
		Optional<LeakSweep.Hit> hit = LeakSweep.find(all(), output);
		if (hit.isPresent()) {
			throw new AssertionError("A canary secret leaked into " + where + " (" + hit.get().form() + " form, at offset "
					+ hit.get().offset() + ")");
		}
	}

	/** {@code text} with every canary of this run replaced, for assertion messages that quote a command. */
	public static String redact(String text) {
		String redacted = text;
		for (String canary : all()) {
			redacted = redacted.replace(canary, "<canary>");
		}
		return redacted;
	}

	/** Every canary planted so far in this run, by any test JVM. */
	static List<String> all() {
		return all(DIRECTORY);
	}

	/** Every canary recorded in {@code directory}. */
	static List<String> all(Path directory) {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (var files = Files.list(directory)) {
			return files.flatMap(file -> {
				try {
					return Files.readAllLines(file).stream();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}).filter(line -> !line.isBlank()).distinct().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String random(String alphabet, int length) {
		StringBuilder out = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
		}
		return out.toString();
	}

}
