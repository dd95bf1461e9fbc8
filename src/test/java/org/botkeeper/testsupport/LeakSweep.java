package org.botkeeper.testsupport;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Scans every output a test run left under {@code target/} (test stdout and stderr, reports, log
 * files, the Vault server log, screenshots' HTML sources) for the run's canaries: raw, base64
 * (standard and URL-safe, at each of the three byte alignments a secret can have inside a longer
 * encoded value, such as {@code base64("user:" + token)} or a JSON body), double-base64, hex and
 * URL-encoded, and any {@value #WINDOW} characters of a canary in a row (a logger that cut a value
 * short). Run by {@code ./mvnw verify} after the integration tests with the output and canary
 * directories named explicitly; any hit fails the build and names the file, and so does a run that
 * planted no canary at all (it would prove nothing).
 */
public final class LeakSweep {

	/** Build outputs, not test outputs; and the canary list itself. */
	private static final Set<String> SKIPPED_DIRECTORIES = Set.of("classes", "test-classes", "leak-canaries",
			"generated-sources", "generated-test-sources", "maven-status", "maven-archiver", "surefire", "failsafe");

	private static final Set<String> SKIPPED_SUFFIXES = Set.of(".jar", ".class", ".png", ".jpg", ".lst");

	/** A run of this many characters of a canary counts as a leak wherever it starts. */
	static final int WINDOW = 30;

	public record Hit(String canaryForm, String form, long offset) {

		@Override
		public String toString() {
			return form + " form at offset " + offset;
		}

	}

	/** {@code LeakSweep OUTPUTS_DIR CANARIES_DIR}. */
	public static void main(String[] args) throws IOException {
		if (args.length != 2) {
			System.out.println("usage: LeakSweep OUTPUTS_DIR CANARIES_DIR");
			System.exit(2);
		}
		System.exit(sweep(Path.of(args[0]), Path.of(args[1]), System.out));
	}

	/** Sweeps {@code target} for the canaries recorded in {@code canaryDirectory}; returns the exit code. */
	static int sweep(Path target, Path canaryDirectory, java.io.PrintStream out) throws IOException {
		List<String> canaries = LeakCanaries.all(canaryDirectory);
		if (canaries.isEmpty()) {
			out.println("Leak sweep: no canaries in " + canaryDirectory.toAbsolutePath() + ": the tests planted "
					+ "none, so a clean sweep would prove nothing. Run the tests (or name the right directory).");
			return 1;
		}
		List<Path> outputs = outputs(target);
		if (outputs.isEmpty()) {
			out.println("Leak sweep: no test outputs under " + target.toAbsolutePath() + ": nothing to judge.");
			return 1;
		}
		long bytes = 0;
		List<String> hits = new ArrayList<>();
		Finder finder = new Finder(canaries);
		for (Path file : outputs) {
			String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
			bytes += text.length();
			finder.find(text).ifPresent(hit -> hits.add(target.relativize(file) + ": a canary in " + hit));
		}
		Path server = target.resolve("vault/server.txt");
		if (Files.exists(server)) {
			out.print(Files.readString(server));
		}
		out.printf("Leak sweep: %d canaries, %d outputs, %d bytes scanned, %d hits%n", canaries.size(), outputs.size(),
				bytes, hits.size());
		hits.forEach(hit -> out.println("LEAK " + hit));
		return hits.isEmpty() ? 0 : 1;
	}

	static List<Path> outputs(Path target) throws IOException {
		if (!Files.isDirectory(target)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(target)) {
			return files.filter(Files::isRegularFile)
				.filter(file -> target.relativize(file).getNameCount() == 1
						|| !SKIPPED_DIRECTORIES.contains(target.relativize(file).getName(0).toString()))
				.filter(file -> SKIPPED_SUFFIXES.stream().noneMatch(file.toString()::endsWith))
				.sorted()
				.toList();
		}
	}

	/** The first canary found in {@code text}, in whichever form. */
	static Optional<Hit> find(List<String> canaries, String text) {
		return new Finder(canaries).find(text);
	}

	/**
	 * Looks for whole encoded forms with {@code indexOf}, and for any {@value #WINDOW}-character run of a
	 * canary with one pass of a rolling hash over the text (every window of every canary in a set), so a
	 * large output is read once however many canaries there are.
	 */
	static final class Finder {

		private static final long BASE = 1_000_003L;

		private final Map<String, Map<String, String>> forms = new LinkedHashMap<>();

		private final Map<Long, List<String>> windows = new HashMap<>();

		private final long topPower;

		Finder(List<String> canaries) {
			long power = 1;
			for (int i = 1; i < WINDOW; i++) {
				power *= BASE;
			}
			topPower = power;
			for (String canary : canaries) {
				forms.put(canary, forms(canary));
				for (int from = 0; from + WINDOW <= canary.length(); from++) {
					String window = canary.substring(from, from + WINDOW);
					windows.computeIfAbsent(hash(window, 0), h -> new ArrayList<>()).add(window);
				}
			}
		}

		Optional<Hit> find(String text) {
			for (Map<String, String> byForm : forms.values()) {
				for (Map.Entry<String, String> form : byForm.entrySet()) {
					int at = text.indexOf(form.getValue());
					if (at >= 0) {
						return Optional.of(new Hit(form.getValue(), form.getKey(), at));
					}
				}
			}
			return window(text);
		}

		private Optional<Hit> window(String text) {
			if (windows.isEmpty() || text.length() < WINDOW) {
				return Optional.empty();
			}
			long rolling = hash(text, 0);
			for (int at = 0;; at++) {
				List<String> candidates = windows.get(rolling);
				if (candidates != null) {
					for (String candidate : candidates) {
						if (text.regionMatches(at, candidate, 0, WINDOW)) {
							return Optional.of(new Hit(candidate, WINDOW + " characters in a row (raw)", at));
						}
					}
				}
				if (at + WINDOW >= text.length()) {
					return Optional.empty();
				}
				rolling = (rolling - text.charAt(at) * topPower) * BASE + text.charAt(at + WINDOW);
			}
		}

		private static long hash(String text, int from) {
			long hash = 0;
			for (int i = from; i < from + WINDOW; i++) {
				hash = hash * BASE + text.charAt(i);
			}
			return hash;
		}

	}

	/** The forms a whole secret takes when it escapes through logs, headers, JSON or URLs. */
	static Map<String, String> forms(String canary) {
		byte[] raw = canary.getBytes(StandardCharsets.UTF_8);
		Map<String, String> forms = new LinkedHashMap<>();
		forms.put("raw", canary);
		for (int offset = 0; offset < 3; offset++) {
			forms.put("base64 at byte offset " + offset, aligned(Base64.getEncoder(), raw, offset));
			forms.put("base64url at byte offset " + offset, aligned(Base64.getUrlEncoder(), raw, offset));
		}
		forms.put("double-base64", Base64.getEncoder()
			.withoutPadding()
			.encodeToString(Base64.getEncoder().encodeToString(raw).getBytes(StandardCharsets.US_ASCII)));
		forms.put("hex", HexFormat.of().formatHex(raw));
		forms.put("HEX", HexFormat.of().withUpperCase().formatHex(raw));
		forms.put("url-encoded", URLEncoder.encode(canary, StandardCharsets.UTF_8));
		return forms;
	}

	/**
	 * The base64 characters that depend on the secret alone when it starts {@code offset} bytes into a
	 * 3-byte group of a longer value ({@code "user:" + token} puts it at offset 2): whole groups only,
	 * so whatever comes before or after cannot change them.
	 */
	static String aligned(Base64.Encoder encoder, byte[] raw, int offset) {
		byte[] shifted = new byte[offset + raw.length];
		System.arraycopy(raw, 0, shifted, offset, raw.length);
		String encoded = encoder.withoutPadding().encodeToString(shifted);
		int start = offset == 0 ? 0 : 4;
		int end = 4 * (shifted.length / 3);
		return encoded.substring(start, Math.max(start, end));
	}

}
