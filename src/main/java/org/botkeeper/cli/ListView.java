package org.botkeeper.cli;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How a list of items prints, defined once per output: the table's headers and row of an item for people,
 * the JSON object of an item for scripts (the whole list is one JSON array), and the line stderr gets when
 * a table would be empty (a JSON array is simply empty). Never given secret values.
 *
 * @param row an item's table cells, in header order; the {@link TableOptions} shortens bindings
 * @param none said on stderr instead of an empty table
 */
record ListView<T>(List<String> headers, BiFunction<T, TableOptions, List<String>> row, Function<T, Object> json,
		String none) {

	void print(CommandContext context, TableOptions table, List<T> items) {
		if (table.json()) {
			Output.json(context.out(), items.stream().map(json).toList());
		}
		else if (items.isEmpty()) {
			context.err().println(none);
		}
		else {
			table.table(context.out(), headers, items.stream().map(item -> row.apply(item, table)).toList());
		}
	}

}
