package org.botkeeper.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.vault.InitStep;

/** The steps of a plan-able Vault setup ({@code vault init}, {@code oidc enable | disable}), as printed. */
final class StepsView {

	private StepsView() {
	}

	/** The JSON document: whether it was a plan, whether anything changed, and each step. */
	static Map<String, Object> json(boolean plan, List<InitStep> steps) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("plan", plan);
		json.put("changed", !plan && steps.stream().anyMatch(InitStep::changes));
		json.put("steps", steps.stream()
			.map(step -> Map.of("target", step.target(), "action", step.action().label(), "detail", step.detail(),
					"diff", step.diff()))
			.toList());
		return json;
	}

	/**
	 * A table of the steps, then, rule by rule, what changes in each policy: with --plan for review,
	 * after applying what was changed in policies that existed (a new policy is its file).
	 */
	static void table(PrintWriter out, TableOptions table, boolean plan, List<InitStep> steps) {
		table.table(out, List.of(plan ? "WOULD" : "DONE", "TARGET", "DETAIL"), steps.stream()
			.map(step -> List.of(step.action().label(), step.target(), step.detail()))
			.toList());
		for (InitStep step : steps) {
			if (!step.diff().isEmpty() && (plan || step.action() == InitStep.Action.UPDATE)) {
				out.println();
				out.println(step.target() + (step.action() == InitStep.Action.CREATE ? " (new):" : ":"));
				step.diff().forEach(line -> out.println("  " + line));
			}
		}
		out.flush();
	}

}
