package org.botkeeper.service;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the broker: DOWN with the reason when the last run could not plan or was aborted (Vault
 * sealed or unreachable, GitHub rejected the writer's credential), UP otherwise.
 */
public final class SyncHealthIndicator implements HealthIndicator {

	private final StatusBoard board;

	public SyncHealthIndicator(StatusBoard board) {
		this.board = board;
	}

	@Override
	public Health health() {
		StatusBoard.Snapshot snapshot = board.snapshot();
		if (snapshot.lastProblem().isPresent()) {
			return Health.down().withDetail("reason", snapshot.lastProblem().get()).build();
		}
		if (snapshot.lastRunAt().isEmpty()) {
			return Health.unknown().withDetail("reason", "no sync run has finished yet").build();
		}
		return Health.up().withDetail("last_run_at", snapshot.lastRunAt().get().toString()).build();
	}

}
