package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.github.GitHubCircuit;
import org.botkeeper.sync.Action;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DesiredSecret;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.Plan;
import org.botkeeper.sync.PlanItem;
import org.botkeeper.sync.Reason;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.botkeeper.sync.StatusReport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;


/**
 * Health while a binding is BLOCKED or FAILING: the configured status (DEGRADED by default, or DOWN),
 * never UP, and serve's aggregator ranks DEGRADED below UP instead of dropping it.
 */
class SyncHealthIndicatorTests {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private final Binding binding = new Binding(RepositoryName.parse("jupyterhub/binderhub"),
			new EnvironmentName("jupyterhub-bot"), new SecretName("JUPYTERHUB_BOT_PAT"));

	private StatusBoard boardWith(Action action, Reason reason) {
		StatusBoard board = new StatusBoard(() -> GitHubCircuit.State.CLOSED);
		board.runSucceeded(StatusReport.of(List.of(DesiredSecret.of(binding, 1)), Map.of(),
				new Plan(List.of(new PlanItem(binding, action, reason, 0))), NOW), NOW, false, Optional.empty(),
				StatusBoard.Writer.ACCEPTED);
		return board;
	}

	@Test
	void aBlockedBindingShouldBeDegradedByDefaultAndNamedInTheReason() {
		Health health = new SyncHealthIndicator(boardWith(Action.BLOCKED, Reason.ENVIRONMENT_UNPROTECTED)).health();

		assertThat(health.getStatus()).isEqualTo(SyncHealthIndicator.DEGRADED);
		assertThat(health.getDetails().get("reason").toString()).contains("jupyterhub/binderhub").contains("BLOCKED");
	}

	@Test
	void aBlockedBindingShouldBeDownWhenSoConfigured() {
		Health health = new SyncHealthIndicator(boardWith(Action.BLOCKED, Reason.TOKEN_REVOKED), Status.DOWN).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void aFailingOrganisationSecretShouldBeDegradedAndNamedInTheReason() {
		StatusBoard board = boardWith(Action.NOOP, Reason.UP_TO_DATE);
		org.botkeeper.sync.OrgSecretTarget target = new org.botkeeper.sync.OrgSecretTarget("jupyterhub",
				new SecretName("SHARED_PAT"));
		java.util.SortedSet<String> repositories = new java.util.TreeSet<>(List.of("binderhub"));
		board.organisationSecrets(List.of(org.botkeeper.sync.OrgSecretStatus.of(target, 2, repositories,
				Optional.of(org.botkeeper.sync.OrgLedgerEntry.confirmed(target, 1, NOW, repositories, NOW)
					.failedWith("GitHub returned 502 on 4 tries", NOW)))));

		Health health = new SyncHealthIndicator(board).health();

		assertThat(health.getStatus()).isEqualTo(SyncHealthIndicator.DEGRADED);
		assertThat(health.getDetails().get("reason").toString())
			.contains("1 of 1 organisation secrets need a person: jupyterhub:[organisation]/SHARED_PAT FAILING: GitHub "
					+ "returned 502 on 4 tries");
	}

	@Test
	void everyBindingUpToDateShouldBeUp() {
		assertThat(new SyncHealthIndicator(boardWith(Action.NOOP, Reason.UP_TO_DATE)).health().getStatus())
			.isEqualTo(Status.UP);
	}

	@Test
	void serveShouldAggregateDegradedBelowUpRatherThanDropIt() {
		var aggregator = new ServeApplication().healthStatusAggregator();

		assertThat(aggregator.getAggregateStatus(Set.of(Status.UP, SyncHealthIndicator.DEGRADED)))
			.isEqualTo(SyncHealthIndicator.DEGRADED);
		assertThat(aggregator.getAggregateStatus(Set.of(Status.DOWN, SyncHealthIndicator.DEGRADED))).isEqualTo(Status.DOWN);
	}

}
