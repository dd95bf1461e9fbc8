package org.botkeeper.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Prints data on stdout: aligned tables for people, JSON for scripts. Never given secret values. */
final class Output {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private Output() {
	}

	static void json(PrintWriter out, Object value) {
		out.println(JSON.writeValueAsString(value));
		out.flush();
	}

	/** Columns padded to their widest cell; null cells print as "-". */
	static void table(PrintWriter out, List<String> headers, List<List<String>> rows) {
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
		for (List<String> row : all) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < row.size(); i++) {
				line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
			}
			out.println(line.toString().stripTrailing());
		}
		out.flush();
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
