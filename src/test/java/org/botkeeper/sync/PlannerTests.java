package org.botkeeper.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.sync.Observation.EnvironmentState;
import org.botkeeper.sync.Observation.RepositoryState;
import org.junit.jupiter.api.Test;

class PlannerTests {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private static final Instant PUSHED_AT = NOW.minusSeconds(3600);

	private final Binding binding = new Binding(RepositoryName.parse("jupyterhub/binderhub"),
			new EnvironmentName("jupyterhub-bot"), new SecretName("JUPYTERHUB_BOT_PAT"));

	private final Planner planner = new Planner();

	private PlanItem planOne(DesiredSecret desired, Observation observed, LedgerEntry ledger, Planner.Options options) {
		Map<RepositoryName, LedgerEntry> entries = ledger == null ? Map.of() : Map.of(binding.repository(), ledger);
		Plan plan = planner.plan(List.of(desired), Map.of(binding, observed), entries, options, NOW);
		assertThat(plan.items()).hasSize(1);
		return plan.items().get(0);
	}

	private PlanItem planOne(DesiredSecret desired, Observation observed, LedgerEntry ledger) {
		return planOne(desired, observed, ledger, Planner.Options.DEFAULT);
	}

	private DesiredSecret version(long version) {
		return DesiredSecret.of(binding, version);
	}

	private LedgerEntry synced(long version) {
		return LedgerEntry.confirmed(binding, version, PUSHED_AT, "key-1", PUSHED_AT);
	}

	private static Observation secretAbsent(EnvironmentState environment) {
		return new Observation(RepositoryState.REACHABLE, environment, Optional.empty());
	}

	@Test
	void planShouldCreateTheSecretOfANewBinding() {
		PlanItem item = planOne(version(1), secretAbsent(EnvironmentState.PROTECTED), null);
		assertThat(item.action()).isEqualTo(Action.CREATE_SECRET);
		assertThat(item.reason()).isEqualTo(Reason.NEW_BINDING);
		assertThat(item.version()).isEqualTo(1);
	}

	@Test
	void planShouldCreateAMissingEnvironmentFirst() {
		PlanItem item = planOne(version(1), secretAbsent(EnvironmentState.MISSING), null);
		assertThat(item.action()).isEqualTo(Action.CREATE_ENVIRONMENT);
		assertThat(item.reason()).isEqualTo(Reason.ENVIRONMENT_MISSING);
	}

	@Test
	void planShouldMintAgainWhenAnAppTokenIsDueAndNotBefore() {
		DesiredSecret app = new DesiredSecret(binding, 3, true, Optional.empty(), false,
				Optional.of(java.time.Duration.ofMinutes(30)));
		PlanItem due = planOne(app, Observation.secretSeen(PUSHED_AT), synced(3));
		assertThat(due.action()).isEqualTo(Action.UPDATE_SECRET);
		assertThat(due.reason()).isEqualTo(Reason.TOKEN_REFRESH);

		DesiredSecret later = new DesiredSecret(binding, 3, true, Optional.empty(), false,
				Optional.of(java.time.Duration.ofHours(2)));
		assertThat(planOne(later, Observation.secretSeen(PUSHED_AT), synced(3)).reason()).isEqualTo(Reason.UP_TO_DATE);
	}

	@Test
	void aBindingDeliveredByOidcShouldHaveItsOwnedSecretDeletedAndNeverCreated() {
		DesiredSecret oidc = version(3).deliveredByOidc();

		PlanItem owned = planOne(oidc, Observation.secretSeen(PUSHED_AT), synced(3));
		PlanItem gone = planOne(oidc, secretAbsent(EnvironmentState.NOT_CHECKED), null);
		PlanItem goneWithOldRecord = planOne(oidc, secretAbsent(EnvironmentState.PROTECTED), synced(2));
		PlanItem missingEnvironment = planOne(oidc, secretAbsent(EnvironmentState.MISSING), null);
		PlanItem forced = planOne(oidc, secretAbsent(EnvironmentState.PROTECTED), null, new Planner.Options(true, true, true));

		assertThat(owned.action()).isEqualTo(Action.DELETE_SECRET);
		assertThat(owned.reason()).isEqualTo(Reason.OIDC_DELIVERY);
		for (PlanItem item : List.of(gone, goneWithOldRecord, missingEnvironment, forced)) {
			assertThat(item.action()).isEqualTo(Action.NOOP);
			assertThat(item.reason()).isEqualTo(Reason.OIDC_DELIVERED);
		}
	}

	@Test
	void aBindingDeliveredByOidcShouldNeverDeleteASecretBotkeeperDoesNotOwn() {
		DesiredSecret oidc = version(3).deliveredByOidc();
		LedgerEntry blockedNeverOwned = LedgerEntry.unsuccessful(binding, Optional.empty(), LedgerEntry.Outcome.BLOCKED,
				"blocked", PUSHED_AT);

		for (LedgerEntry ledger : java.util.Arrays.asList(null, blockedNeverOwned)) {
			PlanItem item = planOne(oidc, Observation.secretSeen(PUSHED_AT), ledger, new Planner.Options(true, false, true));

			assertThat(item.action()).as("adopt and prune do not make a secret botkeeper's").isEqualTo(Action.BLOCKED);
			assertThat(item.reason()).isEqualTo(Reason.OIDC_UNMANAGED_SECRET);
		}
	}

	@Test
	void aBindingDeliveredByOidcShouldStillBeBlockedWhenItsRecordIsNotKnownOrGitHubCannotBeReached() {
		DesiredSecret invalid = version(3).refusedBecause(Reason.RECORD_INVALID).deliveredByOidc();
		DesiredSecret noValue = new DesiredSecret(binding, 3, false, Optional.empty(), false).deliveredByOidc();
		Observation gone = new Observation(RepositoryState.GONE, EnvironmentState.NOT_CHECKED, Optional.empty());

		assertThat(planOne(invalid, Observation.secretSeen(PUSHED_AT), synced(3)).reason()).isEqualTo(Reason.RECORD_INVALID);
		assertThat(planOne(noValue, Observation.secretSeen(PUSHED_AT), synced(3)).reason()).isEqualTo(Reason.TOKEN_MISSING);
		assertThat(planOne(version(3).deliveredByOidc(), gone, synced(3)).reason()).isEqualTo(Reason.REPOSITORY_GONE);
	}

	@Test
	void aRefusedTokenDeliveredByOidcShouldStillHaveItsSecretDeleted() {
		DesiredSecret refused = version(3).refusedBecause(Reason.NOT_A_GITHUB_TOKEN).deliveredByOidc();

		assertThat(planOne(refused, Observation.secretSeen(PUSHED_AT), synced(3)).action()).isEqualTo(Action.DELETE_SECRET);
	}

	@Test
	void planShouldDoNothingWhenTheLedgerMatchesGitHub() {
		PlanItem item = planOne(version(3), Observation.secretSeen(PUSHED_AT), synced(3));
		assertThat(item.action()).isEqualTo(Action.NOOP);
		assertThat(item.reason()).isEqualTo(Reason.UP_TO_DATE);
	}

	@Test
	void planShouldPushANewTokenVersion() {
		PlanItem item = planOne(version(4), Observation.secretSeen(PUSHED_AT), synced(3));
		assertThat(item.action()).isEqualTo(Action.UPDATE_SECRET);
		assertThat(item.reason()).isEqualTo(Reason.NEW_TOKEN_VERSION);
		assertThat(item.version()).isEqualTo(4);
	}

	@Test
	void planShouldRepushWhenGitHubSecretChangedOutOfBand() {
		PlanItem item = planOne(version(3), Observation.secretSeen(PUSHED_AT.plusSeconds(5)), synced(3));
		assertThat(item.action()).isEqualTo(Action.UPDATE_SECRET);
		assertThat(item.reason()).isEqualTo(Reason.CHANGED_OUT_OF_BAND);
		// After Vault is restored from a snapshot, a newer token botkeeper itself pushed looks just like this:
		// the explanation must say that applying would put the older version back, and what to do first.
		assertThat(item.explanation()).contains("a restore of Vault from a snapshot")
			.contains("puts Vault's older version back")
			.contains("'botkeeper token put' first");
	}

	@Test
	void planShouldRecreateASecretDeletedOutOfBand() {
		PlanItem item = planOne(version(3), secretAbsent(EnvironmentState.PROTECTED), synced(3));
		assertThat(item.action()).isEqualTo(Action.CREATE_SECRET);
		assertThat(item.reason()).isEqualTo(Reason.DELETED_OUT_OF_BAND);
	}

	@Test
	void planShouldRefuseAnUnmanagedSameNameSecretWithoutAdopt() {
		PlanItem refused = planOne(version(1), Observation.secretSeen(PUSHED_AT), null);
		assertThat(refused.action()).isEqualTo(Action.BLOCKED);
		assertThat(refused.reason()).isEqualTo(Reason.UNMANAGED_SECRET);

		PlanItem adopted = planOne(version(1), Observation.secretSeen(PUSHED_AT), null,
				new Planner.Options(true, false, false));
		assertThat(adopted.action()).isEqualTo(Action.UPDATE_SECRET);
		assertThat(adopted.reason()).isEqualTo(Reason.ADOPTED);
	}

	@Test
	void planShouldNotCountABlockedRecordAsOwnership() {
		LedgerEntry blockedOnly = LedgerEntry.unsuccessful(binding, Optional.empty(), LedgerEntry.Outcome.BLOCKED,
				Reason.UNMANAGED_SECRET.sentence(), PUSHED_AT);
		PlanItem item = planOne(version(1), Observation.secretSeen(PUSHED_AT), blockedOnly);
		assertThat(item.reason()).isEqualTo(Reason.UNMANAGED_SECRET);
	}

	@Test
	void planShouldPushAgainAfterAnUnconfirmedWrite() {
		LedgerEntry intent = LedgerEntry.intent(binding, 1, Optional.empty(), PUSHED_AT);
		PlanItem item = planOne(version(1), Observation.secretSeen(PUSHED_AT.plusSeconds(1)), intent);
		assertThat(item.action()).isEqualTo(Action.UPDATE_SECRET);
		assertThat(item.reason()).isEqualTo(Reason.UNCONFIRMED_WRITE);
	}

	@Test
	void planShouldBlockWhatCannotOrMustNotBeWritten() {
		assertThat(planOne(version(1), new Observation(RepositoryState.GONE, EnvironmentState.NOT_CHECKED,
				Optional.empty()), null).reason()).isEqualTo(Reason.REPOSITORY_GONE);
		assertThat(planOne(version(1), new Observation(RepositoryState.NO_ACCESS, EnvironmentState.NOT_CHECKED,
				Optional.empty()), null).reason()).isEqualTo(Reason.NO_ACCESS);
		assertThat(planOne(version(1), secretAbsent(EnvironmentState.UNPROTECTED), null).reason())
			.isEqualTo(Reason.ENVIRONMENT_UNPROTECTED);
		DesiredSecret expired = new DesiredSecret(binding, 1, true, Optional.of(NOW.minusSeconds(1)), false);
		assertThat(planOne(expired, secretAbsent(EnvironmentState.PROTECTED), null).reason())
			.isEqualTo(Reason.TOKEN_EXPIRED);
		DesiredSecret revoked = new DesiredSecret(binding, 1, true, Optional.empty(), true);
		assertThat(planOne(revoked, secretAbsent(EnvironmentState.PROTECTED), null).reason())
			.isEqualTo(Reason.TOKEN_REVOKED);
		DesiredSecret missing = new DesiredSecret(binding, 2, false, Optional.empty(), false);
		assertThat(planOne(missing, Observation.secretSeen(PUSHED_AT), synced(1)).reason())
			.isEqualTo(Reason.TOKEN_MISSING);
	}

	@Test
	void planShouldPushEverythingAgainWhenForced() {
		PlanItem item = planOne(version(3), Observation.secretSeen(PUSHED_AT), synced(3),
				new Planner.Options(false, true, false));
		assertThat(item.reason()).isEqualTo(Reason.FORCED);
	}

	@Test
	void planShouldDeleteAnOwnedOrphanOnlyWithPrune() {
		Map<RepositoryName, LedgerEntry> ledger = Map.of(binding.repository(), synced(2));
		Plan keep = planner.plan(List.of(), Map.of(), ledger, Planner.Options.DEFAULT, NOW);
		assertThat(keep.items()).singleElement()
			.satisfies(item -> assertThat(item.reason()).isEqualTo(Reason.ORPHANED))
			.satisfies(item -> assertThat(item.action()).isEqualTo(Action.NOOP));
		Plan prune = planner.plan(List.of(), Map.of(), ledger, new Planner.Options(false, false, true), NOW);
		assertThat(prune.items()).singleElement()
			.satisfies(item -> assertThat(item.action()).isEqualTo(Action.DELETE_SECRET));
	}

	@Test
	void planShouldNeverDeleteASecretItDoesNotOwn() {
		LedgerEntry blockedOnly = LedgerEntry.unsuccessful(binding, Optional.empty(), LedgerEntry.Outcome.BLOCKED,
				"x", PUSHED_AT);
		Plan prune = planner.plan(List.of(), Map.of(), Map.of(binding.repository(), blockedOnly),
				new Planner.Options(false, false, true), NOW);
		assertThat(prune.items()).isEmpty();
	}

	private final Binding moved = new Binding(binding.repository(), new EnvironmentName("deploy"),
			new SecretName("JUPYTERHUB_BOT_PAT"));

	@Test
	void aMovedBindingShouldShowItsOldTargetAndDeleteItOnlyWithPrune() {
		Map<RepositoryName, LedgerEntry> ledger = Map.of(binding.repository(), synced(2));
		List<DesiredSecret> desired = List.of(DesiredSecret.of(moved, 3));
		Map<Binding, Observation> observed = Map.of(moved, secretAbsent(EnvironmentState.PROTECTED));

		Plan keep = planner.plan(desired, observed, ledger, Planner.Options.DEFAULT, NOW);
		Plan prune = planner.plan(desired, observed, ledger, new Planner.Options(false, false, true), NOW);

		assertThat(keep.items()).extracting(PlanItem::binding, PlanItem::action, PlanItem::reason)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(moved, Action.CREATE_SECRET, Reason.NEW_BINDING),
					org.assertj.core.groups.Tuple.tuple(binding, Action.NOOP, Reason.TARGET_MOVED_KEPT));
		assertThat(prune.items()).extracting(PlanItem::binding, PlanItem::action)
			.contains(org.assertj.core.groups.Tuple.tuple(binding, Action.DELETE_SECRET));
	}

	@Test
	void retiredTargetsShouldBePrunedEvenAfterTheBindingIsGone() {
		LedgerEntry entry = new LedgerEntry(moved, true, 3, Optional.of(PUSHED_AT), Optional.of("key-1"),
				Optional.of(PUSHED_AT), Optional.empty(), LedgerEntry.Outcome.SYNCED, Optional.empty(), PUSHED_AT,
				List.of(binding));
		Plan prune = planner.plan(List.of(), Map.of(), Map.of(binding.repository(), entry),
				new Planner.Options(false, false, true), NOW);
		assertThat(prune.items()).extracting(PlanItem::binding, PlanItem::action)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(moved, Action.DELETE_SECRET),
					org.assertj.core.groups.Tuple.tuple(binding, Action.DELETE_SECRET));
	}

	@Test
	void movingBackToAnEarlierTargetShouldUpdateBotkeepersOwnSecretThere() {
		LedgerEntry entry = new LedgerEntry(moved, true, 3, Optional.of(PUSHED_AT), Optional.of("key-1"),
				Optional.of(PUSHED_AT), Optional.empty(), LedgerEntry.Outcome.SYNCED, Optional.empty(), PUSHED_AT,
				List.of(binding));
		Plan plan = planner.plan(List.of(version(4)), Map.of(binding, Observation.secretSeen(PUSHED_AT)),
				Map.of(binding.repository(), entry), Planner.Options.DEFAULT, NOW);
		assertThat(plan.items()).filteredOn(item -> item.binding().equals(binding)).singleElement()
			.satisfies(item -> assertThat(item.action()).isEqualTo(Action.UPDATE_SECRET));
	}

	@Test
	void aValueTheSourceRefusesShouldBeBlockedWithItsReason() {
		PlanItem item = planOne(version(2).refusedBecause(Reason.APP_ABOVE_CEILING),
				secretAbsent(EnvironmentState.PROTECTED), null);
		assertThat(item.action()).isEqualTo(Action.BLOCKED);
		assertThat(item.reason()).isEqualTo(Reason.APP_ABOVE_CEILING);
	}

}
