package org.botkeeper.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Prints data on stdout: aligned tables for people, JSON for scripts. Never given secret values. */
final class Output {

	/** Built on first JSON output only: tables (e.g. 'botkeeper totp') must not pay a mapper's start-up. */
	private static final class Json {

		static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	}

	private Output() {
	}

	static void json(PrintWriter out, Object value) {
		out.println(Json.MAPPER.writeValueAsString(value));
		out.flush();
	}

	/** The width a table fits by default: what a terminal, a CI log or a review comment shows whole. */
	static final int WIDTH = 120;

	/** Columns padded to their widest cell; null cells print as "-". As wide as the cells need. */
	static void table(PrintWriter out, List<String> headers, List<List<String>> rows) {
		table(out, headers, rows, Integer.MAX_VALUE);
	}

	/**
	 * Like {@link #table(PrintWriter, List, List)}, in {@code width} characters a line: the last column
	 * (our tables put free text there: reasons, notes, details, findings) wraps at spaces onto lines of
	 * its own, indented to where it starts; nothing is cut. The other columns are names and stay whole,
	 * so when they alone leave less than 24 characters, the table is as wide as it needs.
	 */
	static void table(PrintWriter out, List<String> headers, List<List<String>> rows, int width) {
		// rows may hold nulls, so callers build them with Arrays.asList
		int[] widths = new int[headers.size()];
		List<List<String>> all = new ArrayList<>();
		all.add(headers);
		for (List<String> row : rows) {
			all.add(row.stream().map(cell -> cell == null || cell.isEmpty() ? "-" : cell).toList());
		}
		for (List<String> row : all) {
			for (int i = 0; i < row.size(); i++) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		int last = widths.length - 1;
		int offset = 0;
		for (int i = 0; i < last; i++) {
			offset += widths[i] + 2;
		}
		int room = Math.max(width - offset, 24);
		for (List<String> row : all) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < last; i++) {
				line.append(String.format("%-" + widths[i] + "s  ", row.get(i)));
			}
			List<String> parts = wrap(row.get(last), room);
			out.println((line + parts.getFirst()).stripTrailing());
			for (String part : parts.subList(1, parts.size())) {
				out.println(" ".repeat(offset) + part);
			}
		}
		out.flush();
	}

	/**
	 * A GitHub-flavoured markdown table, for an issue or a wiki page; '|' in a cell is escaped and a line break
	 * becomes a space, so no cell can open a column or end the table. Null cells print empty.
	 */
	static void markdown(PrintWriter out, List<String> headers, List<List<String>> rows) {
		out.println("| " + String.join(" | ", headers) + " |");
		out.println("|" + " --- |".repeat(headers.size()));
		for (List<String> row : rows) {
			out.println("| " + String.join(" | ", row.stream()
				.map(cell -> cell == null ? "" : cell.replace("|", "\\|").replace("\n", " "))
				.toList()) + " |");
		}
		out.flush();
	}

	/** {@code text} in lines of at most {@code width}, broken at spaces (a longer word is split). */
	static List<String> wrap(String text, int width) {
		List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		for (String word : text.split(" ")) {
			while (word.length() > width) {
				if (!line.isEmpty()) {
					lines.add(line.toString());
					line.setLength(0);
				}
				lines.add(word.substring(0, width));
				word = word.substring(width);
			}
			if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
				lines.add(line.toString());
				line.setLength(0);
			}
			if (!line.isEmpty()) {
				line.append(' ');
			}
			line.append(word);
		}
		lines.add(line.toString());
		return lines;
	}

	/** An instant to the second, as ISO-8601 in UTC ("2026-11-30T11:41:12Z"); null stays null. */
	static String time(java.time.Instant instant) {
		return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
	}

	/** "1 record", "2 records", "0 records". */
	static String count(long n, String one, String many) {
		return n + " " + (n == 1 ? one : many);
	}

	/** "key: value" lines, for one record: {@code fields(out, "login", login, "version", "3")}; null prints "-". */
	static void fields(PrintWriter out, String... keysAndValues) {
		int width = 0;
		for (int i = 0; i < keysAndValues.length; i += 2) {
			width = Math.max(width, keysAndValues[i].length());
		}
		for (int i = 0; i < keysAndValues.length; i += 2) {
			String value = keysAndValues[i + 1] == null || keysAndValues[i + 1].isEmpty() ? "-" : keysAndValues[i + 1];
			out.println(String.format("%-" + (width + 1) + "s %s", keysAndValues[i] + ":", value));
		}
		out.flush();
	}

}
