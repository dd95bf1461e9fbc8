package org.botkeeper.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.sync.ApplyReport;
import org.botkeeper.sync.DesiredSecret;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.Plan;
import org.botkeeper.sync.PlanItem;

/** Prints plans and apply results as a table or JSON. Neither holds a value. */
final class PlanView {

	private PlanView() {
	}

	static void plan(PrintWriter out, Plan plan, boolean json, TableOptions table) {
		plan(out, plan, json, table, null);
	}

	/** @param config what {@code sync --config} found, for JSON; null without {@code --config} */
	static void plan(PrintWriter out, Plan plan, boolean json, TableOptions table, Map<String, Object> config) {
		if (json) {
			Map<String, Object> document = new LinkedHashMap<>();
			document.put("changes", plan.hasChanges());
			document.put("items", plan.items().stream().map(PlanView::item).toList());
			if (config != null) {
				document.put("config", config);
			}
			Output.json(out, document);
			return;
		}
		table.table(out, List.of("BINDING", "ACTION", "VERSION", "REASON"), plan.items()
			.stream()
			.map(item -> Arrays.asList(table.binding(item.binding()), item.action().name(),
					item.version() > 0 ? String.valueOf(item.version()) : null, item.explanation()))
			.toList());
	}

	/**
	 * Says which records still keep their binding in custom_metadata (an earlier layout), where anyone
	 * with metadata access could change where the value goes; the next {@code token put} rewrites them.
	 */
	static void legacyLayout(PrintWriter err, List<DesiredSecret> desired) {
		List<String> legacy = desired.stream()
			.filter(DesiredSecret::legacyLayout)
			.map(secret -> secret.binding().repository().toString())
			.sorted()
			.toList();
		if (legacy.isEmpty()) {
			return;
		}
		err.println(Output.count(legacy.size(), "record uses", "records use")
				+ " the old layout, whose binding anyone with metadata access may edit: " + String.join(", ", legacy)
				+ ". Rewrite each with 'botkeeper token put OWNER/REPO' (with the same value).");
	}

	/**
	 * Says who can read each secret the plan writes outside an environment: nothing limits those to
	 * protected branches, which is what an environment secret is for.
	 */
	static void outsideEnvironments(PrintWriter err, Plan plan) {
		plan.items().stream()
			.filter(item -> item.action().changes() && !item.binding().inEnvironment())
			.map(PlanItem::binding)
			.distinct()
			.forEach(binding -> err.println(binding + " is a " + binding.kind().description() + ": " + binding.readers()
					+ " can read it."));
	}

	/** @param config what {@code sync --config} found, for JSON; null without {@code --config} */
	static void report(PrintWriter out, ApplyReport report, boolean json, TableOptions table,
			Map<String, Object> config) {
		if (json) {
			Map<String, Object> document = new LinkedHashMap<>();
			document.put("succeeded", report.succeeded());
			document.put("aborted_because", report.abortedBecause().orElse(null));
			document.put("items", report.results().stream().map(PlanView::result).toList());
			if (config != null) {
				document.put("config", config);
			}
			Output.json(out, document);
			return;
		}
		table.table(out, List.of("BINDING", "RESULT", "DETAIL"), report.results()
			.stream()
			.map(result -> Arrays.asList(table.binding(result.item().binding()), result.status().name(), result.message()))
			.toList());
	}

	/** The line under a plan with FAILED items: they are not lost, the next run plans them again. */
	static String notPlanned(long failed) {
		return failed + (failed == 1 ? " binding" : " bindings") + " could not be checked this time (listed above with "
				+ "what failed); the next run tries again.";
	}

	/** One progress line for stderr: "[3/10] owner/repo:env/NAME DONE pushed version 2". */
	static String progress(ItemResult result, int index, int total) {
		return "[" + index + "/" + total + "] " + result.item().binding() + " " + result.status() + " " + result.message();
	}

	private static Map<String, Object> item(PlanItem item) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("binding", item.binding().toString());
		row.put("destination", item.binding().kind().value());
		row.put("action", item.action().name());
		row.put("version", item.version());
		row.put("reason", item.reason().name());
		row.put("reason_text", item.reason().sentence());
		row.put("detail", item.detail().orElse(null));
		return row;
	}

	private static Map<String, Object> result(ItemResult result) {
		Map<String, Object> row = item(result.item());
		row.put("result", result.status().name());
		row.put("detail", result.message());
		return row;
	}

}
