package org.botkeeper.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.sync.BindingStatus.State;
import org.junit.jupiter.api.Test;

/**
 * A binding's state as status, the page, the API, health and metrics show it: BLOCKED and FAILING are
 * never success, a revoked token has no days left, and the report from Vault's records alone says what
 * it can without GitHub.
 */
class StatusReportTests {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private static final Instant PUSHED_AT = NOW.minus(Duration.ofHours(2));

	private final Binding binding = new Binding(RepositoryName.parse("jupyterhub/binderhub"),
			new EnvironmentName("jupyterhub-bot"), new SecretName("JUPYTERHUB_BOT_PAT"));

	private BindingStatus planned(DesiredSecret desired, LedgerEntry ledger, PlanItem item) {
		StatusReport report = StatusReport.of(List.of(desired), ledger == null ? Map.of() : Map.of(binding.repository(), ledger),
				new Plan(List.of(item)), NOW);
		assertThat(report.driftChecked()).isTrue();
		return report.bindings().get(0);
	}

	private BindingStatus recorded(DesiredSecret desired, LedgerEntry ledger, Instant recordUpdatedAt) {
		StatusReport report = StatusReport.recorded(List.of(desired), Map.of(binding.repository(), recordUpdatedAt),
				ledger == null ? Map.of() : Map.of(binding.repository(), ledger), NOW);
		assertThat(report.driftChecked()).isFalse();
		return report.bindings().get(0);
	}

	private LedgerEntry synced(long version) {
		return LedgerEntry.confirmed(binding, version, PUSHED_AT, "key-1", PUSHED_AT);
	}

	private LedgerEntry blocked(Reason reason, Instant at) {
		return LedgerEntry.unsuccessful(binding, Optional.of(synced(1)), LedgerEntry.Outcome.BLOCKED, reason.sentence(), at);
	}

	@Test
	void aBindingDeliveredByOidcWithoutASecretShouldBeSyncedWithoutDrift() {
		BindingStatus status = planned(DesiredSecret.of(binding, 1).deliveredByOidc(), null,
				PlanItem.of(binding, Action.NOOP, Reason.OIDC_DELIVERED));

		assertThat(status.state()).isEqualTo(State.SYNCED);
		assertThat(status.drift()).isFalse();
		assertThat(status.detail()).isEqualTo(Reason.OIDC_DELIVERED.sentence());
	}

	@Test
	void fromVaultAloneABindingDeliveredByOidcShouldBePendingUntilItsOwnedSecretIsDeletedThenSynced() {
		DesiredSecret delivered = DesiredSecret.of(binding, 1).deliveredByOidc();

		BindingStatus owned = recorded(delivered, synced(1), PUSHED_AT);
		BindingStatus deleted = recorded(delivered, null, PUSHED_AT);

		assertThat(owned.state()).isEqualTo(State.PENDING);
		assertThat(owned.pendingAction()).isEqualTo(Action.DELETE_SECRET);
		assertThat(deleted.state()).isEqualTo(State.SYNCED);
		assertThat(deleted.detail()).isEqualTo(Reason.OIDC_DELIVERED.sentence());
	}

	@Test
	void aBlockedPlanItemShouldBeBlockedAndNeedAttentionNeverSynced() {
		BindingStatus status = planned(DesiredSecret.of(binding, 1), synced(1),
				PlanItem.of(binding, Action.BLOCKED, Reason.ENVIRONMENT_UNPROTECTED));

		assertThat(status.state()).isEqualTo(State.BLOCKED);
		assertThat(status.state().needsAttention()).isTrue();
		assertThat(status.detail()).isEqualTo(Reason.ENVIRONMENT_UNPROTECTED.sentence());
	}

	@Test
	void aFailedLastAttemptShouldBeFailingWithItsMessage() {
		LedgerEntry failed = LedgerEntry.unsuccessful(binding, Optional.of(synced(1)), LedgerEntry.Outcome.FAILED,
				"Cannot update jupyterhub/binderhub: GitHub returned 502.", PUSHED_AT);
		BindingStatus status = planned(DesiredSecret.of(binding, 2), failed,
				new PlanItem(binding, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION, 2));

		assertThat(status.state()).isEqualTo(State.FAILING);
		assertThat(status.detail()).contains("GitHub returned 502");
	}

	@Test
	void aRevokedTokenShouldHaveNoDaysLeftWhateverItsDateSays() {
		DesiredSecret revoked = new DesiredSecret(binding, 1, true, Optional.of(NOW.plus(Duration.ofDays(60))), true);
		BindingStatus status = planned(revoked, synced(1), PlanItem.of(binding, Action.BLOCKED, Reason.TOKEN_REVOKED));

		assertThat(status.tokenRevoked()).isTrue();
		assertThat(status.daysToExpiry()).contains(0L);
		assertThat(status.expiringSoon()).isTrue();
		assertThat(status.state()).isEqualTo(State.BLOCKED);
	}

	@Test
	void upToDateShouldBeTheOnlySynced() {
		assertThat(planned(DesiredSecret.of(binding, 1), synced(1), PlanItem.of(binding, Action.NOOP, Reason.UP_TO_DATE))
			.state()).isEqualTo(State.SYNCED);
		assertThat(planned(DesiredSecret.of(binding, 2), synced(1),
				new PlanItem(binding, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION, 2)).state()).isEqualTo(State.PENDING);
	}

	@Test
	void fromRecordsTheConfirmedVersionShouldBeSyncedWithDriftNotChecked() {
		BindingStatus status = recorded(DesiredSecret.of(binding, 3), synced(3), PUSHED_AT.minusSeconds(60));

		assertThat(status.state()).isEqualTo(State.SYNCED);
		assertThat(status.driftChecked()).isFalse();
	}

	@Test
	void fromRecordsANewerVersionShouldBePendingAndNoLedgerANewBinding() {
		assertThat(recorded(DesiredSecret.of(binding, 4), synced(3), NOW).pendingReason())
			.isEqualTo(Reason.NEW_TOKEN_VERSION);
		BindingStatus fresh = recorded(DesiredSecret.of(binding, 1), null, NOW);
		assertThat(fresh.state()).isEqualTo(State.PENDING);
		assertThat(fresh.pendingReason()).isEqualTo(Reason.NEW_BINDING);
	}

	@Test
	void fromRecordsABlockRecordedAfterTheLastChangeShouldStayBlockedWithItsReason() {
		BindingStatus status = recorded(DesiredSecret.of(binding, 1), blocked(Reason.ENVIRONMENT_UNPROTECTED, NOW),
				PUSHED_AT);

		assertThat(status.state()).isEqualTo(State.BLOCKED);
		assertThat(status.pendingReason()).isEqualTo(Reason.ENVIRONMENT_UNPROTECTED);
	}

	@Test
	void fromRecordsABlockRecordedBeforeANewVersionShouldBePending() {
		BindingStatus status = recorded(DesiredSecret.of(binding, 2), blocked(Reason.NOT_A_GITHUB_TOKEN, PUSHED_AT), NOW);

		assertThat(status.state()).as("the new version may lift the block; the next run decides").isEqualTo(State.PENDING);
	}

	@Test
	void fromRecordsABlockWithAnUnknownSentenceShouldShowTheRecordedMessage() {
		LedgerEntry old = LedgerEntry.unsuccessful(binding, Optional.of(synced(1)), LedgerEntry.Outcome.BLOCKED,
				"blocked for a reason an older botkeeper wrote", NOW);
		BindingStatus status = recorded(DesiredSecret.of(binding, 1), old, PUSHED_AT);

		assertThat(status.state()).isEqualTo(State.BLOCKED);
		assertThat(status.detail()).isEqualTo("blocked for a reason an older botkeeper wrote");
	}

	@Test
	void fromRecordsARevokedOrExpiredTokenShouldBeBlocked() {
		DesiredSecret revoked = new DesiredSecret(binding, 1, true, Optional.of(NOW.plus(Duration.ofDays(30))), true);
		DesiredSecret expired = new DesiredSecret(binding, 1, true, Optional.of(NOW.minus(Duration.ofDays(1))), false);

		BindingStatus revokedStatus = recorded(revoked, synced(1), PUSHED_AT);
		assertThat(revokedStatus.state()).isEqualTo(State.BLOCKED);
		assertThat(revokedStatus.pendingReason()).isEqualTo(Reason.TOKEN_REVOKED);
		assertThat(revokedStatus.daysToExpiry()).contains(0L);
		assertThat(recorded(expired, synced(1), PUSHED_AT).pendingReason()).isEqualTo(Reason.TOKEN_EXPIRED);
	}

	@Test
	void theSummaryShouldCountEachStateAndNeverCountBlockedAsSynced() {
		Binding other = new Binding(RepositoryName.parse("jupyterhub/other"), binding.environment(), binding.secretName());
		StatusReport report = StatusReport.of(List.of(DesiredSecret.of(binding, 1), DesiredSecret.of(other, 1)),
				Map.of(binding.repository(), synced(1)), new Plan(List.of(PlanItem.of(binding, Action.NOOP, Reason.UP_TO_DATE),
						PlanItem.of(other, Action.BLOCKED, Reason.UNMANAGED_SECRET))),
				NOW);

		assertThat(report.synced()).isEqualTo(1);
		assertThat(report.count(State.BLOCKED)).isEqualTo(1);
		assertThat(report.needingAttention()).isEqualTo(1);
	}

}
