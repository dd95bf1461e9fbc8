package org.botkeeper.serve;

import java.util.List;

import org.botkeeper.sync.BindingStatus;
import org.botkeeper.sync.StatusReport;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the broker: DOWN with the reason when the last run could not plan or was aborted (Vault
 * sealed or unreachable, GitHub rejected the writer's credential); the configured status
 * ({@code botkeeper.health.failing-bindings}: DEGRADED by default, or OUT_OF_SERVICE or DOWN) when a
 * binding is BLOCKED or FAILING, so a blocked binding is never reported as UP; UP otherwise.
 */
public final class SyncHealthIndicator implements HealthIndicator {

	/** Not one of Spring Boot's own: {@link ServeApplication} places it between OUT_OF_SERVICE and UP. */
	public static final Status DEGRADED = new Status("DEGRADED");

	private static final int NAMED = 5;

	private final StatusBoard board;

	private final Status whenBindingsFail;

	public SyncHealthIndicator(StatusBoard board) {
		this(board, DEGRADED);
	}

	/** @param whenBindingsFail the status while any binding is BLOCKED or FAILING */
	public SyncHealthIndicator(StatusBoard board, Status whenBindingsFail) {
		this.board = board;
		this.whenBindingsFail = whenBindingsFail;
	}

	@Override
	public Health health() {
		StatusBoard.Snapshot snapshot = board.snapshot();
		if (snapshot.lastProblem().isPresent()) {
			return Health.down().withDetail("reason", snapshot.lastProblem().get()).build();
		}
		if (snapshot.lastRunAt().isEmpty() || snapshot.report().isEmpty()) {
			return Health.unknown().withDetail("reason", "no sync run has finished yet").build();
		}
		StatusReport report = snapshot.report().get();
		List<BindingStatus> attention = report.bindings().stream().filter(b -> b.state().needsAttention()).toList();
		if (!attention.isEmpty()) {
			return Health.status(whenBindingsFail)
				.withDetail("reason", attention.size() + " of " + report.bindings().size() + " bindings need a person: "
						+ String.join("; ", attention.stream().limit(NAMED).map(b -> b.binding() + " " + b.state() + ": "
								+ b.detail()).toList()) + (attention.size() > NAMED ? "; ..." : ""))
				.withDetail("last_run_at", snapshot.lastRunAt().get().toString())
				.build();
		}
		// An organisation secret that is blocked or failing needs a person just as a binding does.
		List<org.botkeeper.sync.OrgSecretStatus> secrets = board.organisationSecrets()
			.stream()
			.filter(org.botkeeper.sync.OrgSecretStatus::needsAttention)
			.toList();
		if (!secrets.isEmpty()) {
			return Health.status(whenBindingsFail)
				.withDetail("reason", secrets.size() + " of " + board.organisationSecrets().size()
						+ " organisation secrets need a person: " + String.join("; ", secrets.stream()
							.limit(NAMED)
							.map(s -> s.target() + " " + s.state() + ": " + s.detail())
							.toList()) + (secrets.size() > NAMED ? "; ..." : ""))
				.withDetail("last_run_at", snapshot.lastRunAt().get().toString())
				.build();
		}
		return Health.up().withDetail("last_run_at", snapshot.lastRunAt().get().toString()).build();
	}

}
