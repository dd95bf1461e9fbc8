package org.botkeeper.sync;

import java.util.List;

/** The planner's answer: one item per binding (and per orphaned ledger entry), in binding order. */
public record Plan(List<PlanItem> items) {

	public Plan {
		items = List.copyOf(items);
	}

	public boolean hasChanges() {
		return items.stream().anyMatch(item -> item.action().changes());
	}

	public long count(Action action) {
		return items.stream().filter(item -> item.action() == action).count();
	}

}
