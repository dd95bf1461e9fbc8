package org.botkeeper.testsupport;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Scans every output a test run left under {@code target/} (test stdout and stderr, reports, log
 * files, the Vault server log, screenshots' HTML sources) for the run's canaries in raw, base64
 * (standard and URL-safe), double-base64, hex and URL-encoded forms. Run by {@code ./mvnw verify}
 * after the integration tests; any hit fails the build and names the file.
 */
public final class LeakSweep {

	/** Build outputs, not test outputs; and the canary list itself. */
	private static final Set<String> SKIPPED_DIRECTORIES = Set.of("classes", "test-classes", "leak-canaries",
			"generated-sources", "generated-test-sources", "maven-status", "maven-archiver", "surefire", "failsafe");

	private static final Set<String> SKIPPED_SUFFIXES = Set.of(".jar", ".class", ".png", ".jpg", ".lst");

	/** Length of the canary parts searched for on their own. */
	static final int PART = 24;

	public record Hit(String canaryForm, String form, long offset) {

		@Override
		public String toString() {
			return form + " form at offset " + offset;
		}

	}

	public static void main(String[] args) throws IOException {
		Path target = Path.of(args.length > 0 ? args[0] : "target");
		List<String> canaries = LeakCanaries.all();
		List<Path> outputs = outputs(target);
		long bytes = 0;
		List<String> hits = new ArrayList<>();
		for (Path file : outputs) {
			String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
			bytes += text.length();
			find(canaries, text).ifPresent(hit -> hits.add(target.relativize(file) + ": a canary in " + hit));
		}
		Path server = target.resolve("vault/server.txt");
		if (Files.exists(server)) {
			System.out.print(Files.readString(server));
		}
		System.out.printf("Leak sweep: %d canaries, %d outputs, %d bytes scanned, %d hits%n", canaries.size(),
				outputs.size(), bytes, hits.size());
		if (!hits.isEmpty()) {
			hits.forEach(hit -> System.out.println("LEAK " + hit));
			System.exit(1);
		}
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
		for (String canary : canaries) {
			for (Map.Entry<String, String> form : forms(canary).entrySet()) {
				int at = text.indexOf(form.getValue());
				if (at >= 0) {
					return Optional.of(new Hit(form.getValue(), form.getKey(), at));
				}
			}
		}
		return Optional.empty();
	}

	/** The forms a secret takes when it escapes through logs, headers, JSON or URLs. */
	static Map<String, String> forms(String canary) {
		byte[] raw = canary.getBytes(StandardCharsets.UTF_8);
		Map<String, String> forms = new LinkedHashMap<>();
		forms.put("raw", canary);
		String base64 = Base64.getEncoder().withoutPadding().encodeToString(raw);
		forms.put("base64", base64);
		forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
		forms.put("double-base64", Base64.getEncoder()
			.withoutPadding()
			.encodeToString(Base64.getEncoder().encodeToString(raw).getBytes(StandardCharsets.US_ASCII)));
		forms.put("hex", HexFormat.of().formatHex(raw));
		forms.put("HEX", HexFormat.of().withUpperCase().formatHex(raw));
		forms.put("url-encoded", URLEncoder.encode(canary, StandardCharsets.UTF_8));
		// A cut-off leak counts too: logging frameworks shorten long values (Spring cuts bodies at 100
		// characters), which can leave most of a token in the log. Any 47 or more characters of a
		// canary in a row contain one of these aligned parts.
		for (int from = 0; canary.length() >= 2 * PART && from + PART <= canary.length(); from += PART) {
			forms.put("part " + (from / PART + 1) + " (raw)", canary.substring(from, from + PART));
		}
		return forms;
	}

}
