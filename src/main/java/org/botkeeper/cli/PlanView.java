package org.botkeeper.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.sync.Action;
import org.botkeeper.sync.ApplyReport;
import org.botkeeper.sync.DesiredSecret;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.OrgPlanItem;
import org.botkeeper.sync.OrgSecretSync;
import org.botkeeper.sync.Plan;
import org.botkeeper.sync.PlanItem;
import org.botkeeper.sync.Reason;

/** Prints plans and apply results as a table or JSON. Neither holds a value. */
final class PlanView {

	private PlanView() {
	}

	static void plan(PrintWriter out, Plan plan, boolean json, TableOptions table) {
		plan(out, plan, json, table, null);
	}

	/** @param config what {@code sync --config} found, for JSON; null without {@code --config} */
	static void plan(PrintWriter out, Plan plan, boolean json, TableOptions table, Map<String, Object> config) {
		plan(out, plan, OrgSecretSync.Planned.NONE, json, table, config);
	}

	/**
	 * The bindings' plan and the organisation secrets' (a second table, or {@code organisation_secrets}
	 * in JSON when there are any).
	 */
	static void plan(PrintWriter out, Plan plan, OrgSecretSync.Planned organisations, boolean json, TableOptions table,
			Map<String, Object> config) {
		if (json) {
			Map<String, Object> document = new LinkedHashMap<>();
			document.put("changes", plan.hasChanges() || organisations.hasChanges());
			document.put("items", plan.items().stream().map(PlanView::item).toList());
			if (!organisations.items().isEmpty()) {
				document.put("organisation_secrets", organisations(organisations));
			}
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
		organisations(out, organisations, table);
	}

	/** The organisation secrets' part of a plan, as a table after the bindings' (none when there are none). */
	private static void organisations(PrintWriter out, OrgSecretSync.Planned planned, TableOptions table) {
		if (planned.items().isEmpty()) {
			return;
		}
		table.table(out, List.of("ORGANISATION SECRET", "ACTION", "VERSION", "REASON"), planned.items()
			.stream()
			.map(item -> Arrays.asList(item.display(), item.action().name(),
					item.version() > 0 ? String.valueOf(item.version()) : null, item.explanation()))
			.toList());
	}

	/** The organisation secrets' plan items for a JSON document. */
	private static List<Map<String, Object>> organisations(OrgSecretSync.Planned planned) {
		return planned.items().stream().map(PlanView::orgItem).toList();
	}

	/**
	 * Says who can read each organisation secret the plan keeps: every workflow of its selected
	 * repositories, on any branch (no environment protects it).
	 */
	static void organisationReaders(PrintWriter err, OrgSecretSync.Planned planned) {
		planned.items()
			.stream()
			.filter(item -> item.action() != Action.FAILED && item.action() != Action.DELETE_SECRET)
			.forEach(item -> err.println(item.display() + " is an organisation Actions secret with visibility 'selected': "
					+ item.target().readers(item.repositories()) + " can read it."));
	}

	/** The organisation secrets' results, as a table after the bindings'. */
	private static void organisationResults(PrintWriter out, List<OrgSecretSync.Result> results, TableOptions table) {
		if (results.isEmpty()) {
			return;
		}
		table.table(out, List.of("ORGANISATION SECRET", "RESULT", "DETAIL"), results.stream()
			.map(result -> Arrays.asList(result.item().display(), result.status().name(), result.message()))
			.toList());
	}

	private static List<Map<String, Object>> organisationResultsJson(List<OrgSecretSync.Result> results) {
		return results.stream().map(result -> {
			Map<String, Object> row = orgItem(result.item());
			row.put("result", result.status().name());
			row.put("detail", result.message());
			return row;
		}).toList();
	}

	private static Map<String, Object> orgItem(OrgPlanItem item) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("secret", item.target().toString());
		row.put("destination", "organisation");
		row.put("repositories", item.repositories());
		return decision(row, item.action(), item.version(), item.reason(), item.detail());
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
		report(out, report, List.of(), json, table, config);
	}

	/** The bindings' results and the organisation secrets' (a second table, or {@code organisation_secrets}). */
	static void report(PrintWriter out, ApplyReport report, List<OrgSecretSync.Result> organisations, boolean json,
			TableOptions table, Map<String, Object> config) {
		if (json) {
			Map<String, Object> document = new LinkedHashMap<>();
			document.put("succeeded", report.succeeded()
					&& organisations.stream().noneMatch(result -> result.status() == ItemResult.Status.FAILED));
			document.put("aborted_because", report.abortedBecause().orElse(null));
			document.put("items", report.results().stream().map(PlanView::result).toList());
			if (!organisations.isEmpty()) {
				document.put("organisation_secrets", organisationResultsJson(organisations));
			}
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
		organisationResults(out, organisations, table);
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
		return decision(row, item.action(), item.version(), item.reason(), item.detail());
	}

	/** The fields every plan row has, a binding's or an organisation secret's, after what names it. */
	private static Map<String, Object> decision(Map<String, Object> row, Action action, long version, Reason reason,
			java.util.Optional<String> detail) {
		row.put("action", action.name());
		row.put("version", version);
		row.put("reason", reason.name());
		row.put("reason_text", reason.sentence());
		row.put("detail", detail.orElse(null));
		return row;
	}

	private static Map<String, Object> result(ItemResult result) {
		Map<String, Object> row = item(result.item());
		row.put("result", result.status().name());
		row.put("detail", result.message());
		return row;
	}

}
