package org.botkeeper.vault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What changes when one ACL policy text replaces another, rule by rule: a path granted, a path no
 * longer granted, or other capabilities on a path. Comments and layout do not count. Reads the
 * {@code path "..." { capabilities = [...] }} rules botkeeper's policies are made of; any other setting
 * in a rule is compared as text.
 *
 * @see <a href="https://openbao.org/docs/concepts/policies/">Policies</a>
 */
public final class PolicyDiff {

	private static final Pattern PATH = Pattern.compile("(?m)^\\s*path\\s+\"([^\"]+)\"\\s*\\{");

	private static final Pattern CAPABILITIES = Pattern.compile("capabilities\\s*=\\s*\\[([^\\]]*)\\]");

	private PolicyDiff() {
	}

	/**
	 * One line per changed rule, in the wanted policy's order, removed rules last:
	 * {@code + PATH: caps}, {@code - PATH: caps}, {@code ~ PATH: old caps -> new caps}. Empty when the
	 * rules are the same (the texts may still differ in comments or layout).
	 *
	 * @param current the policy Vault holds, or null when there is none
	 */
	public static List<String> lines(String current, String wanted) {
		Map<String, String> before = current == null ? Map.of() : rules(current);
		Map<String, String> after = rules(wanted);
		List<String> lines = new ArrayList<>();
		after.forEach((path, rule) -> {
			String old = before.get(path);
			if (old == null) {
				lines.add("+ " + path + ": " + rule);
			}
			else if (!old.equals(rule)) {
				lines.add("~ " + path + ": " + old + " -> " + rule);
			}
		});
		before.forEach((path, rule) -> {
			if (!after.containsKey(path)) {
				lines.add("- " + path + ": " + rule);
			}
		});
		return lines;
	}

	/** The paths a policy text names, in order. */
	public static List<String> paths(String policy) {
		return List.copyOf(rules(policy).keySet());
	}

	/** A short count for a table cell: "3 rules added, 1 changed, 2 removed". */
	public static String summary(Collection<String> lines) {
		long added = lines.stream().filter(line -> line.startsWith("+")).count();
		long changed = lines.stream().filter(line -> line.startsWith("~")).count();
		long removed = lines.stream().filter(line -> line.startsWith("-")).count();
		List<String> parts = new ArrayList<>();
		if (added > 0) {
			parts.add(added + (added == 1 ? " rule" : " rules") + " added");
		}
		if (changed > 0) {
			parts.add(changed + (parts.isEmpty() ? (changed == 1 ? " rule" : " rules") : "") + " changed");
		}
		if (removed > 0) {
			parts.add(removed + (parts.isEmpty() ? (removed == 1 ? " rule" : " rules") : "") + " removed");
		}
		return parts.isEmpty() ? "comments or layout only" : String.join(", ", parts);
	}

	/** Path → its rule as one line ("create, read, update", plus any other setting as text). */
	private static Map<String, String> rules(String policy) {
		String text = withoutComments(policy);
		Map<String, String> rules = new LinkedHashMap<>();
		Matcher path = PATH.matcher(text);
		while (path.find()) {
			int end = closingBrace(text, path.end());
			String body = text.substring(path.end(), end);
			Matcher capabilities = CAPABILITIES.matcher(body);
			String rule = "";
			if (capabilities.find()) {
				rule = String.join(", ", Arrays.stream(capabilities.group(1).split(","))
					.map(cap -> cap.strip().replace("\"", ""))
					.filter(cap -> !cap.isEmpty())
					.sorted()
					.toList());
				body = body.substring(0, capabilities.start()) + body.substring(capabilities.end());
			}
			String rest = body.replaceAll("\\s+", " ").strip();
			rules.merge(path.group(1), rest.isEmpty() ? rule : rule + " {" + rest + "}",
					(a, b) -> Objects.equals(a, b) ? a : a + "; " + b);
			path.region(end, text.length());
		}
		return rules;
	}

	private static int closingBrace(String text, int from) {
		int depth = 1;
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '{') {
				depth++;
			}
			else if (c == '}' && --depth == 0) {
				return i;
			}
		}
		return text.length();
	}

	private static String withoutComments(String policy) {
		return policy.replaceAll("(?m)(#|//).*$", "").replaceAll("(?s)/\\*.*?\\*/", "");
	}

}
