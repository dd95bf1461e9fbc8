package org.botkeeper.service;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.botkeeper.sync.StatusReport;

/**
 * The latest status the service knows, for the page, the API and health: replaced whole after each
 * run, so readers always see one consistent snapshot.
 */
public final class StatusBoard {

	/**
	 * @param report the latest binding statuses, empty before the first successful plan
	 * @param lastRunAt when the last run ended
	 * @param lastProblem why the last run failed or stopped early, if it did
	 * @param nextRunAt when the next run starts
	 * @param applied whether this replica held the lease and applied in the last run
	 */
	public record Snapshot(Optional<StatusReport> report, Optional<Instant> lastRunAt, Optional<String> lastProblem,
			Optional<Instant> nextRunAt, boolean applied) {

		static final Snapshot EMPTY = new Snapshot(Optional.empty(), Optional.empty(), Optional.empty(),
				Optional.empty(), false);

	}

	private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.EMPTY);

	public Snapshot snapshot() {
		return current.get();
	}

	void runSucceeded(StatusReport report, Instant at, boolean applied, Optional<String> problem) {
		current.updateAndGet(s -> new Snapshot(Optional.of(report), Optional.of(at), problem, s.nextRunAt(), applied));
	}

	/** A run that could not even plan keeps the last report: stale data beats none, and the problem says why. */
	void runFailed(String problem, Instant at) {
		current.updateAndGet(s -> new Snapshot(s.report(), Optional.of(at), Optional.of(problem), s.nextRunAt(), false));
	}

	void nextRunAt(Instant at) {
		current.updateAndGet(s -> new Snapshot(s.report(), s.lastRunAt(), s.lastProblem(), Optional.of(at), s.applied()));
	}

}
