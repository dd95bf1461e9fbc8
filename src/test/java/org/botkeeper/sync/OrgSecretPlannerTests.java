package org.botkeeper.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class OrgSecretPlannerTests {

	private static final Instant PUSHED_AT = Instant.parse("2026-11-25T11:00:00Z");

	private final OrgSecretTarget target = new OrgSecretTarget("JupyterHub", new SecretName("shared_pat"));

	private final OrgSecretPlanner planner = new OrgSecretPlanner();

	private static SortedSet<String> names(String... names) {
		return new TreeSet<>(List.of(names));
	}

	private OrgPlanItem planOne(DesiredOrgSecret desired, OrgObservation observed, OrgLedgerEntry ledger,
			Planner.Options options) {
		Map<OrgSecretTarget, OrgLedgerEntry> entries = ledger == null ? Map.of() : Map.of(target, ledger);
		List<OrgPlanItem> items = planner.plan(List.of(desired), Map.of(target, observed), entries, options);
		assertThat(items).hasSize(1);
		return items.get(0);
	}

	private OrgPlanItem planOne(DesiredOrgSecret desired, OrgObservation observed, OrgLedgerEntry ledger) {
		return planOne(desired, observed, ledger, Planner.Options.DEFAULT);
	}

	private DesiredOrgSecret desired(long version, String... repositories) {
		return DesiredOrgSecret.of(target, version, names(repositories));
	}

	private OrgLedgerEntry synced(long version, String... repositories) {
		return OrgLedgerEntry.confirmed(target, version, PUSHED_AT, names(repositories), PUSHED_AT);
	}

	private static OrgObservation seen(String visibility, String... repositories) {
		return OrgObservation.seen(PUSHED_AT, visibility, names(repositories), List.of());
	}

	@Test
	void aTargetShouldBeSpelledOneWay() {
		assertThat(target).hasToString("jupyterhub:[organisation]/SHARED_PAT");
		assertThat(target).isEqualTo(new OrgSecretTarget("jupyterhub", new SecretName("SHARED_PAT")));
	}

	@Test
	void aNewRecordShouldCreateTheSecretForItsRepositories() {
		OrgPlanItem item = planOne(desired(1, "a", "b"), OrgObservation.missing(List.of()), null);

		assertThat(item.action()).isEqualTo(Action.CREATE_SECRET);
		assertThat(item.reason()).isEqualTo(Reason.NEW_BINDING);
		assertThat(item.version()).isEqualTo(1);
		assertThat(item.display()).isEqualTo("jupyterhub:[organisation]/SHARED_PAT (2 repositories)");
	}

	@Test
	void anInSyncSecretShouldBeLeftAlone() {
		OrgPlanItem item = planOne(desired(3, "a", "b"), seen("selected", "a", "b"), synced(3, "a", "b"));

		assertThat(item.action()).isEqualTo(Action.NOOP);
		assertThat(item.reason()).isEqualTo(Reason.UP_TO_DATE);
	}

	@Test
	void aRepositoryAddedOrRemovedOnGitHubShouldBeSetBackAndNamed() {
		OrgPlanItem item = planOne(desired(3, "a", "b"), seen("selected", "a", "c"), synced(3, "a", "b"));

		assertThat(item.action()).isEqualTo(Action.UPDATE_SECRET);
		assertThat(item.reason()).isEqualTo(Reason.SELECTION_CHANGED);
		assertThat(item.explanation()).endsWith(": adds jupyterhub/b, removes jupyterhub/c");
		assertThat(OrgSecretPlanner.selectionOnly(item)).as("the value on GitHub is Vault's: only the list is set")
			.isTrue();
	}

	@Test
	void aNewVersionShouldBePushedWithItsOwnList() {
		OrgPlanItem item = planOne(desired(4, "a", "b", "c"), seen("selected", "a", "b"), synced(3, "a", "b"));

		assertThat(item.action()).isEqualTo(Action.UPDATE_SECRET);
		assertThat(item.reason()).isEqualTo(Reason.NEW_TOKEN_VERSION);
		assertThat(OrgSecretPlanner.selectionOnly(item)).isFalse();
	}

	@Test
	void aSecretMadeVisibleToAllShouldBeWrittenBackAsSelected() {
		OrgPlanItem item = planOne(desired(3, "a"), seen("all"), synced(3, "a"));

		assertThat(item.action()).isEqualTo(Action.UPDATE_SECRET);
		assertThat(item.reason()).isEqualTo(Reason.VISIBILITY_WIDENED);
		assertThat(item.explanation()).contains("visibility 'all'");
	}

	@Test
	void aValueWrittenOnGitHubShouldBeWrittenBack() {
		OrgObservation later = OrgObservation.seen(PUSHED_AT.plusSeconds(5), "selected", names("a"), List.of());

		OrgPlanItem item = planOne(desired(3, "a"), later, synced(3, "a"));

		assertThat(item.reason()).isEqualTo(Reason.CHANGED_OUT_OF_BAND);
	}

	@Test
	void aSecretBotkeeperDidNotCreateShouldBeBlockedUnlessAdopted() {
		assertThat(planOne(desired(1, "a"), seen("all"), null).reason()).isEqualTo(Reason.UNMANAGED_SECRET);
		assertThat(planOne(desired(1, "a"), seen("all"), null).action()).isEqualTo(Action.BLOCKED);

		OrgPlanItem adopted = planOne(desired(1, "a"), seen("all"), null, new Planner.Options(true, false, false));

		assertThat(adopted.action()).isEqualTo(Action.UPDATE_SECRET);
		assertThat(adopted.reason()).isEqualTo(Reason.ADOPTED);
	}

	@Test
	void aRepositoryTheWriterCannotSeeShouldFailTheSecretNamingIt() {
		OrgObservation observed = OrgObservation.missing(List.of("gone"));

		OrgPlanItem item = planOne(desired(1, "a", "gone"), observed, null);

		assertThat(item.action()).isEqualTo(Action.FAILED);
		assertThat(item.explanation()).contains("jupyterhub/gone does not exist on GitHub");
	}

	@Test
	void aRecordGoneFromVaultShouldBeDeletedOnlyWithPrune() {
		List<OrgPlanItem> kept = planner.plan(List.of(), Map.of(), Map.of(target, synced(2, "a")), Planner.Options.DEFAULT);
		List<OrgPlanItem> pruned = planner.plan(List.of(), Map.of(), Map.of(target, synced(2, "a")),
				new Planner.Options(false, false, true));

		assertThat(kept).singleElement().extracting(OrgPlanItem::action).isEqualTo(Action.NOOP);
		assertThat(pruned).singleElement().extracting(OrgPlanItem::action).isEqualTo(Action.DELETE_SECRET);
	}

	@Test
	void aRecordThatCouldNotBeReadShouldFailWithItsMessage() {
		OrgPlanItem item = planOne(DesiredOrgSecret.unreadable(target, "Vault said no"), OrgObservation.failed("x"),
				null);

		assertThat(item.action()).isEqualTo(Action.FAILED);
		assertThat(item.explanation()).isEqualTo("Vault said no");
		assertThat(item.detail()).isEqualTo(Optional.of("Vault said no"));
	}

	@Test
	void statusShouldTellSyncedPendingAndFailingFromTheLedgerAlone() {
		SortedSet<String> two = names("a", "b");

		assertThat(OrgSecretStatus.of(target, 3, two, Optional.of(synced(3, "a", "b"))).state())
			.isEqualTo(BindingStatus.State.SYNCED);
		assertThat(OrgSecretStatus.of(target, 4, two, Optional.of(synced(3, "a", "b"))).state())
			.isEqualTo(BindingStatus.State.PENDING);
		assertThat(OrgSecretStatus.of(target, 3, two, Optional.empty()).state()).isEqualTo(BindingStatus.State.PENDING);
		OrgSecretStatus failing = OrgSecretStatus.of(target, 3, two,
				Optional.of(synced(3, "a", "b").failedWith("GitHub said 500", PUSHED_AT)));
		assertThat(failing.state()).isEqualTo(BindingStatus.State.FAILING);
		assertThat(failing.detail()).isEqualTo("GitHub said 500");
		assertThat(failing.display()).isEqualTo("jupyterhub:[organisation]/SHARED_PAT (2 repositories)");
	}

	@Test
	void statusWithThePlanShouldCallAChangedListAWidenedVisibilityAndAnOutsideWriteDrift() {
		SortedSet<String> two = names("a", "b");
		OrgSecretStatus recorded = OrgSecretStatus.of(target, 3, two, Optional.of(synced(3, "a", "b")));
		assertThat(recorded.driftChecked()).as("Vault alone cannot tell").isFalse();

		OrgSecretStatus same = withPlan(recorded,
				planOne(desired(3, "a", "b"), seen("selected", "a", "b"), synced(3, "a", "b")));
		assertThat(same.state()).isEqualTo(BindingStatus.State.SYNCED);
		assertThat(same.driftChecked()).isTrue();
		assertThat(same.drift()).isFalse();
		assertThat(same.detail()).isEqualTo(recorded.detail());

		OrgSecretStatus listed = withPlan(recorded,
				planOne(desired(3, "a", "b"), seen("selected", "a", "b", "c"), synced(3, "a", "b")));
		assertThat(listed.state()).isEqualTo(BindingStatus.State.PENDING);
		assertThat(listed.drift()).isTrue();
		assertThat(listed.detail()).contains("removes jupyterhub/c");

		OrgSecretStatus widened = withPlan(recorded, planOne(desired(3, "a", "b"), seen("all"), synced(3, "a", "b")));
		assertThat(widened.drift()).isTrue();
		assertThat(widened.detail()).contains("visibility 'all'");

		OrgSecretStatus written = withPlan(recorded, planOne(desired(3, "a", "b"),
				OrgObservation.seen(PUSHED_AT.plusSeconds(60), "selected", two, List.of()), synced(3, "a", "b")));
		assertThat(written.drift()).as("a value written by someone else").isTrue();

		OrgSecretStatus deleted = withPlan(recorded,
				planOne(desired(3, "a", "b"), OrgObservation.missing(List.of()), synced(3, "a", "b")));
		assertThat(deleted.drift()).isTrue();

		OrgSecretStatus newVersion = withPlan(recorded,
				planOne(desired(4, "a", "b"), seen("selected", "a", "b"), synced(3, "a", "b")));
		assertThat(newVersion.state()).isEqualTo(BindingStatus.State.PENDING);
		assertThat(newVersion.drift()).as("a new version in Vault is no drift").isFalse();
	}

	@Test
	void statusWithThePlanShouldLeaveDriftUnknownWhereGitHubDidNotAnswerAndKeepAStatusItHasNoItemFor() {
		OrgSecretStatus recorded = OrgSecretStatus.of(target, 3, names("a"), Optional.of(synced(3, "a")));

		OrgSecretStatus failed = withPlan(recorded,
				planOne(desired(3, "a"), OrgObservation.failed("GitHub returned 502"), synced(3, "a")));
		assertThat(failed.state()).isEqualTo(BindingStatus.State.FAILING);
		assertThat(failed.driftChecked()).isFalse();
		assertThat(failed.detail()).isEqualTo("GitHub returned 502");

		OrgSecretStatus theirs = withPlan(recorded, planOne(desired(3, "a"), seen("all"), null));
		assertThat(theirs.state()).isEqualTo(BindingStatus.State.BLOCKED);
		assertThat(theirs.driftChecked()).isTrue();
		assertThat(theirs.drift()).as("not botkeeper's secret: nothing of botkeeper's drifted").isFalse();

		OrgSecretTarget other = new OrgSecretTarget("jupyterhub", new SecretName("OTHER"));
		assertThat(OrgSecretStatus.planned(List.of(recorded), List.of(new OrgPlanItem(other, Action.NOOP,
				Reason.UP_TO_DATE, 0, 1, Optional.empty())))).containsExactly(recorded);
	}

	private static OrgSecretStatus withPlan(OrgSecretStatus recorded, OrgPlanItem item) {
		List<OrgSecretStatus> planned = OrgSecretStatus.planned(List.of(recorded), List.of(item));
		assertThat(planned).hasSize(1);
		return planned.get(0);
	}

}
