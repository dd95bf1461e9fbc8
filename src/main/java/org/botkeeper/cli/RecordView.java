package org.botkeeper.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record, defined once and printed either way: "label: value" lines for people ({@link Output#fields}),
 * one JSON object for scripts. A field names its table label and its JSON key together, in one order, so
 * the two outputs cannot drift apart. Never given secret values.
 */
final class RecordView {

	private final Map<String, Object> json = new LinkedHashMap<>();

	private final List<String> labelsAndTexts = new ArrayList<>();

	/** A field both outputs show: {@code value} in the JSON, its string form in the table (null prints "-"). */
	RecordView field(String label, String key, Object value) {
		return field(label, value == null ? null : value.toString(), key, value);
	}

	/** A field the table shows as {@code text} ("14 of 16 left") and the JSON as {@code value}. */
	RecordView field(String label, String text, String key, Object value) {
		labelsAndTexts.add(label);
		labelsAndTexts.add(text);
		json.put(key, value);
		return this;
	}

	/** A field only the JSON has (the table says it in another field). */
	RecordView json(String key, Object value) {
		json.put(key, value);
		return this;
	}

	void print(PrintWriter out, FormatOption format) {
		if (format.json()) {
			Output.json(out, json);
		}
		else {
			Output.fields(out, labelsAndTexts.toArray(String[]::new));
		}
	}

}
