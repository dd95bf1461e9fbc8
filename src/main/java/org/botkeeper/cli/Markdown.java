package org.botkeeper.cli;

import java.io.PrintWriter;
import java.util.List;

/** Markdown tables ({@code --format markdown}) for an issue or a wiki page, GitHub's table syntax. */
final class Markdown {

	private Markdown() {
	}

	/**
	 * The table; in each cell a '|' (which would end the cell) is escaped and a line break (the row) is a
	 * space. A null cell prints empty.
	 */
	static void table(PrintWriter out, List<String> headers, List<List<String>> rows) {
		out.println("| " + String.join(" | ", headers) + " |");
		out.println("|" + " --- |".repeat(headers.size()));
		for (List<String> row : rows) {
			out.println("| " + String.join(" | ", row.stream()
				.map(cell -> cell == null ? "" : cell.replaceAll("\\R", " ").replace("|", "\\|"))
				.toList()) + " |");
		}
		out.flush();
	}

	/**
	 * {@code text} shown as it is: Markdown's emphasis, code, link and HTML characters (a glob's '*', an
	 * '_' in a name) escaped, and backslashes, so an escape cannot be undone by the text. For a table,
	 * {@link #table} escapes the '|' after this.
	 */
	static String text(String text) {
		StringBuilder escaped = new StringBuilder();
		for (char c : text.toCharArray()) {
			if ("\\*_`[]<>".indexOf(c) >= 0) {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

}
