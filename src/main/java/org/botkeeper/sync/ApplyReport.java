package org.botkeeper.sync;

import java.util.List;
import java.util.Optional;

/** Every item's result, and why the run stopped early if it did. */
public record ApplyReport(List<ItemResult> results, Optional<String> abortedBecause) {

	public ApplyReport {
		results = List.copyOf(results);
	}

	public long count(ItemResult.Status status) {
		return results.stream().filter(result -> result.status() == status).count();
	}

	/** True when every change was applied: nothing failed and the run was not aborted. */
	public boolean succeeded() {
		return abortedBecause.isEmpty() && count(ItemResult.Status.FAILED) == 0;
	}

}
