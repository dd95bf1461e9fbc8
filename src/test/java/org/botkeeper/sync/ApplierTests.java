package org.botkeeper.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.ItemResult.Status;
import org.junit.jupiter.api.Test;

/**
 * The applier's bookkeeping rules, with in-memory ports (end-to-end runs against a real Vault and the
 * GitHub simulator live in the integration tests).
 */
class ApplierTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

	private final Binding a = binding("org/a");

	private final Binding b = binding("org/b");

	private final InMemoryLedger ledger = new InMemoryLedger();

	private final List<String> calls = new ArrayList<>();

	private static Binding binding(String repo) {
		return new Binding(RepositoryName.parse(repo), new EnvironmentName("bot"), new SecretName("BOT_PAT"));
	}

	private Plan plan(PlanItem... items) {
		return new Plan(List.of(items));
	}

	/** What Vault holds right now, as the applier re-reads it under the lease. */
	private final Map<RepositoryName, DesiredSecret> vault = new HashMap<>();

	private void inVault(Binding binding, long version) {
		vault.put(binding.repository(), DesiredSecret.of(binding, version));
	}

	private final SecretSource source = new SecretSource() {
		@Override
		public List<DesiredSecret> desired(Set<RepositoryName> only) {
			return List.copyOf(vault.values());
		}

		@Override
		public Optional<DesiredSecret> current(RepositoryName repository) {
			return Optional.ofNullable(vault.get(repository));
		}

		@Override
		public SecretValue read(Binding binding, long version) {
			calls.add("read " + binding + " v" + version);
			return SecretValue.of("value-" + version);
		}
	};

	private Applier applier(SecretDestination destination, WriteFence fence) {
		return new Applier(source, destination, ledger, fence, CLOCK);
	}

	@Test
	void applyShouldRecordAnIntentBeforeAndTheConfirmationAfterThePush() {
		inVault(a, 2);
		Destination destination = new Destination();
		ApplyReport report = applier(destination, WriteFence.NONE)
			.apply(plan(new PlanItem(a, Action.CREATE_SECRET, Reason.NEW_BINDING, 2)), Map.of(), r -> {
			});
		assertThat(report.succeeded()).isTrue();
		assertThat(calls).containsExactly("ledger PENDING v2", "read " + a + " v2", "push " + a, "ledger SYNCED v2");
		LedgerEntry entry = ledger.entries.get(a.repository());
		assertThat(entry.pushedVersion()).isEqualTo(2);
		assertThat(entry.pendingVersion()).isEmpty();
		assertThat(entry.owned()).isTrue();
	}

	/** The pauses the applier took while the ledger did not answer. */
	private final List<Duration> pauses = new ArrayList<>();

	private ApplyReport applyWithOutage(long version) {
		inVault(a, version);
		return new Applier(source, new Destination(), ledger, WriteFence.NONE, CLOCK, pauses::add)
			.apply(plan(new PlanItem(a, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION, version)), Map.of(), r -> {
			});
	}

	@Test
	void aConfirmationTheLedgerDidNotAnswerShouldBeWrittenAgainWhenTheRecordIsStillAtTheIntent() {
		ledger.confirmOutages = 2;

		ApplyReport report = applyWithOutage(2);

		assertThat(report.results()).extracting(ItemResult::status).containsExactly(Status.DONE);
		assertThat(calls).containsExactly("ledger PENDING v2", "read " + a + " v2", "push " + a, "ledger outage",
				"ledger outage", "ledger SYNCED v2");
		assertThat(ledger.entries.get(a.repository()).pushedVersion()).isEqualTo(2);
		assertThat(ledger.entries.get(a.repository()).pendingVersion()).isEmpty();
		assertThat(pauses).hasSize(2);
	}

	@Test
	void aConfirmationThatLandedBeforeTheLedgerStoppedAnsweringShouldNotBeWrittenAgain() {
		ledger.confirmOutages = 1;
		ledger.landsBeforeOutage = true;

		ApplyReport report = applyWithOutage(2);

		assertThat(report.results()).extracting(ItemResult::status).containsExactly(Status.DONE);
		assertThat(calls).as("read back: the record already holds it").containsExactly("ledger PENDING v2",
				"read " + a + " v2", "push " + a, "ledger outage");
		assertThat(ledger.versions.get(a.repository())).as("the intent, then the confirmation").isEqualTo(2);
		assertThat(ledger.entries.get(a.repository()).pushedVersion()).isEqualTo(2);
	}

	@Test
	void aLandedConfirmationShouldBeKnownByItsWriteNotByTheOrderOfItsRetiredTargets() {
		Binding older = new Binding(a.repository(), new EnvironmentName("older"), new SecretName("BOT_PAT"));
		Binding old = new Binding(a.repository(), new EnvironmentName("old"), new SecretName("BOT_PAT"));
		ledger.writtenElsewhere(new LedgerEntry(old, true, 1, Optional.empty(), Optional.empty(), Optional.empty(),
				Optional.empty(), LedgerEntry.Outcome.SYNCED, Optional.empty(), CLOCK.instant(), List.of(older)));
		ledger.confirmOutages = 1;
		ledger.landsBeforeOutage = true;

		ApplyReport report = applyWithOutage(2);

		assertThat(report.results()).extracting(ItemResult::status).as(report.toString()).containsExactly(Status.DONE);
		assertThat(ledger.entries.get(a.repository()).retired()).containsExactlyInAnyOrder(old, older);
		assertThat(ledger.entries.get(a.repository()).pushedVersion()).isEqualTo(2);
	}

	@Test
	void aRecordWrittenByAnotherReplicaDuringTheOutageShouldBeLeftAsItIsAndTheItemFail() {
		ledger.confirmOutages = 1;
		LedgerEntry other = LedgerEntry.confirmed(a, 3, new PushReceipt(CLOCK.instant(), "key-1"), Optional.empty(),
				CLOCK.instant());
		ledger.writtenDuringOutage = other;

		ApplyReport report = applyWithOutage(2);

		assertThat(report.results()).extracting(ItemResult::status).containsExactly(Status.FAILED);
		assertThat(report.results().get(0).message()).contains("someone else wrote its ledger record");
		assertThat(calls).doesNotContain("ledger SYNCED v2");
		assertThat(ledger.entries.get(a.repository()).pushedVersion()).as("the other replica's version stays")
			.isEqualTo(3);
	}

	@Test
	void aLedgerStillDownAfterTheWindowShouldFailTheRunAsBeforeWithoutRecordingTheWrite() {
		ledger.confirmOutages = Integer.MAX_VALUE;

		ApplyReport report = applyWithOutage(2);

		assertThat(report.abortedBecause()).isPresent();
		assertThat(report.results()).extracting(ItemResult::status).containsExactly(Status.FAILED);
		assertThat(ledger.entries.get(a.repository()).pendingVersion()).as("only the intent").contains(2L);
		Duration waited = pauses.stream().reduce(Duration.ZERO, Duration::plus);
		assertThat(waited).isGreaterThanOrEqualTo(LedgerOutage.WINDOW).isLessThan(LedgerOutage.WINDOW.plusSeconds(5));
	}

	@Test
	void settledRunShouldShowDoneItemsUpToDateAndKeepFailedOnesWithTheirRecords() {
		inVault(a, 3);
		inVault(b, 1);
		Destination destination = new Destination();
		destination.failPushFor = b;
		SyncEngine engine = new SyncEngine(source, destination, ledger, CLOCK);
		List<DesiredSecret> desired = List.of(new DesiredSecret(a, 3, true, java.util.Optional.empty(), false),
				new DesiredSecret(b, 1, true, java.util.Optional.empty(), false));
		SyncEngine.PlannedRun run = new SyncEngine.PlannedRun(plan(new PlanItem(a, Action.UPDATE_SECRET,
				Reason.NEW_TOKEN_VERSION, 3), new PlanItem(b, Action.CREATE_SECRET, Reason.NEW_BINDING, 1)), desired,
				Map.of());
		ApplyReport report = engine.apply(run, WriteFence.NONE, r -> {
		});

		SyncEngine.PlannedRun settled = engine.settled(run, report);

		assertThat(settled.plan().items()).extracting(PlanItem::binding, PlanItem::action)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(a, Action.NOOP),
					org.assertj.core.groups.Tuple.tuple(b, Action.CREATE_SECRET));
		assertThat(settled.ledger()).as("the records the apply wrote, as a fresh plan would read them")
			.isEqualTo(ledger.entries);
		assertThat(settled.ledger().get(a.repository()).pushedVersion()).isEqualTo(3);
	}

	@Test
	void applyShouldNeverRecordAWriteThatGitHubDidNotConfirm() {
		inVault(a, 1);
		inVault(b, 1);
		Destination destination = new Destination();
		destination.failPushFor = a;
		ApplyReport report = applier(destination, WriteFence.NONE).apply(
				plan(new PlanItem(a, Action.CREATE_SECRET, Reason.NEW_BINDING, 1),
						new PlanItem(b, Action.CREATE_SECRET, Reason.NEW_BINDING, 1)),
				Map.of(), r -> {
				});
		assertThat(report.results()).extracting(ItemResult::status).containsExactly(Status.FAILED, Status.DONE);
		LedgerEntry failed = ledger.entries.get(a.repository());
		assertThat(failed.pushedVersion()).as("no confirmed version for the failed push").isZero();
		assertThat(failed.pendingVersion()).contains(1L);
		assertThat(failed.owned()).as("the intent claims ownership, so the next run may push again").isTrue();
		assertThat(ledger.entries.get(b.repository()).pushedVersion()).isEqualTo(1);
	}

	@Test
	void applyShouldStopEverythingOnAnAbortAndSkipTheRest() {
		inVault(a, 2);
		inVault(b, 2);
		Destination destination = new Destination();
		destination.abortOnPush = true;
		ApplyReport report = applier(destination, WriteFence.NONE).apply(
				plan(new PlanItem(a, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION, 2),
						new PlanItem(b, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION, 2)),
				Map.of(), r -> {
				});
		assertThat(report.abortedBecause()).contains("GitHub returned 401");
		assertThat(report.results()).extracting(ItemResult::status).containsExactly(Status.FAILED, Status.SKIPPED);
		assertThat(calls).filteredOn(call -> call.startsWith("push")).hasSize(1);
	}

	@Test
	void applyShouldWriteNothingOnceTheFenceSaysTheLeaseIsLost() {
		inVault(a, 1);
		Destination destination = new Destination();
		WriteFence lost = () -> {
			throw new RunAbortedException("lease lost");
		};
		ApplyReport report = applier(destination, lost)
			.apply(plan(new PlanItem(a, Action.CREATE_SECRET, Reason.NEW_BINDING, 1)), Map.of(), r -> {
			});
		assertThat(report.abortedBecause()).contains("lease lost");
		assertThat(calls).noneMatch(call -> call.startsWith("push") || call.startsWith("ledger"));
	}

	@Test
	void applyShouldRefuseToPushIntoAnEnvironmentThatBecameUnprotected() {
		inVault(a, 2);
		Destination destination = new Destination();
		destination.environment = Observation.EnvironmentState.UNPROTECTED;
		ApplyReport report = applier(destination, WriteFence.NONE)
			.apply(plan(new PlanItem(a, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION, 2)), Map.of(), r -> {
			});
		assertThat(report.results()).singleElement()
			.satisfies(result -> assertThat(result.status()).isEqualTo(Status.BLOCKED));
		assertThat(calls).noneMatch(call -> call.startsWith("push"));
	}

	@Test
	void applyShouldSendNothingForNoopsAndNotRewriteAnUnchangedBlockedRecord() {
		Destination destination = new Destination();
		LedgerEntry blocked = LedgerEntry.unsuccessful(b, Optional.empty(), LedgerEntry.Outcome.BLOCKED,
				Reason.REPOSITORY_GONE.sentence(), CLOCK.instant());
		ledger.entries.put(b.repository(), blocked);
		ApplyReport report = applier(destination, WriteFence.NONE).apply(
				plan(new PlanItem(a, Action.NOOP, Reason.UP_TO_DATE, 0),
						new PlanItem(b, Action.BLOCKED, Reason.REPOSITORY_GONE, 0)),
				Map.of(b.repository(), blocked), r -> {
				});
		assertThat(report.count(Status.UNCHANGED)).isEqualTo(1);
		assertThat(report.count(Status.BLOCKED)).isEqualTo(1);
		assertThat(calls).isEmpty();
	}

	private static final Instant PLANNED_AT = Instant.parse("2026-11-25T11:00:00Z");

	private static final Instant OTHER_AT = Instant.parse("2026-11-25T11:30:00Z");

	private ApplyReport applyOne(PlanItem item, Map<RepositoryName, LedgerEntry> planned) {
		return applier(new Destination(), WriteFence.NONE).apply(plan(item), planned, r -> {
		});
	}

	@Test
	void anItemAnotherReplicaConfirmedSinceThePlanShouldBeSkippedAsUpToDate() {
		inVault(a, 3);
		LedgerEntry atPlan = LedgerEntry.confirmed(a, 2, PLANNED_AT, "key-1", PLANNED_AT);
		ledger.writtenElsewhere(LedgerEntry.confirmed(a, 3, OTHER_AT, "key-1", OTHER_AT));

		ApplyReport report = applyOne(new PlanItem(a, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION, 3),
				Map.of(a.repository(), atPlan));

		assertThat(report.results()).singleElement().satisfies(result -> {
			assertThat(result.status()).isEqualTo(Status.UNCHANGED);
			assertThat(result.message()).contains("another replica confirmed version 3");
		});
		assertThat(calls).noneMatch(call -> call.startsWith("push") || call.startsWith("read"));
	}

	@Test
	void driftRepairedByAnotherReplicaSinceThePlanShouldNotBePushedTwice() {
		inVault(a, 2);
		LedgerEntry atPlan = LedgerEntry.confirmed(a, 2, PLANNED_AT, "key-1", PLANNED_AT);
		ledger.writtenElsewhere(LedgerEntry.confirmed(a, 2, OTHER_AT, "key-1", OTHER_AT));

		ApplyReport report = applyOne(new PlanItem(a, Action.UPDATE_SECRET, Reason.CHANGED_OUT_OF_BAND, 2),
				Map.of(a.repository(), atPlan));

		assertThat(report.results()).extracting(ItemResult::status).containsExactly(Status.UNCHANGED);
		assertThat(calls).noneMatch(call -> call.startsWith("push"));
	}

	@Test
	void theNewestVersionShouldBePushedWhenVaultMovedOnSinceThePlan() {
		inVault(a, 4);
		LedgerEntry atPlan = LedgerEntry.confirmed(a, 2, PLANNED_AT, "key-1", PLANNED_AT);
		ledger.entries.put(a.repository(), atPlan);

		ApplyReport report = applyOne(new PlanItem(a, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION, 3),
				Map.of(a.repository(), atPlan));

		assertThat(report.results()).singleElement().satisfies(result -> {
			assertThat(result.status()).isEqualTo(Status.DONE);
			assertThat(result.item().version()).isEqualTo(4);
			assertThat(result.message()).contains("pushed version 4 (planned 3");
		});
		assertThat(calls).contains("read " + a + " v4").doesNotContain("read " + a + " v3");
		assertThat(ledger.entries.get(a.repository()).pushedVersion()).isEqualTo(4);
	}

	@Test
	void aVersionOlderThanTheConfirmedOneShouldNeverBePushed() {
		inVault(a, 3);
		ledger.writtenElsewhere(LedgerEntry.confirmed(a, 5, OTHER_AT, "key-1", OTHER_AT));

		ApplyReport report = applyOne(new PlanItem(a, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION, 3), Map.of());

		assertThat(report.results()).singleElement().satisfies(result -> {
			assertThat(result.status()).isEqualTo(Status.UNCHANGED);
			assertThat(result.message()).contains("already holds version 5");
		});
		assertThat(calls).noneMatch(call -> call.startsWith("push"));
		assertThat(ledger.entries.get(a.repository()).pushedVersion()).isEqualTo(5);
	}

	@Test
	void aConfirmationShouldNeverMoveTheLedgerBackwards() {
		inVault(a, 3);
		Destination destination = new Destination();
		destination.duringPush = () -> ledger.writtenElsewhere(LedgerEntry.confirmed(a, 4, OTHER_AT, "key-1", OTHER_AT));

		ApplyReport report = applier(destination, WriteFence.NONE)
			.apply(plan(new PlanItem(a, Action.CREATE_SECRET, Reason.NEW_BINDING, 3)), Map.of(), r -> {
			});

		assertThat(report.results()).singleElement().satisfies(result -> {
			assertThat(result.status()).isEqualTo(Status.DONE);
			assertThat(result.message()).contains("already records version 4");
		});
		assertThat(calls).contains("ledger conflict");
		assertThat(ledger.entries.get(a.repository()).pushedVersion()).as("the newer confirmation stays").isEqualTo(4);
	}

	@Test
	void nothingShouldBeWrittenWhenTheBindingMovedSinceThePlan() {
		Binding moved = new Binding(a.repository(), new EnvironmentName("elsewhere"), a.secretName());
		inVault(moved, 2);

		ApplyReport report = applyOne(new PlanItem(a, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION, 2), Map.of());

		assertThat(report.results()).singleElement().satisfies(result -> {
			assertThat(result.status()).isEqualTo(Status.SKIPPED);
			assertThat(result.message()).contains("the binding changed in Vault");
		});
		assertThat(calls).noneMatch(call -> call.startsWith("push") || call.startsWith("ledger"));
	}

	@Test
	void movingABindingShouldRetireTheOldTargetAndDeletingItShouldKeepTheNewOne() {
		Binding moved = new Binding(a.repository(), new EnvironmentName("elsewhere"), a.secretName());
		ledger.entries.put(a.repository(), LedgerEntry.confirmed(a, 2, PLANNED_AT, "key-1", PLANNED_AT));
		inVault(moved, 3);

		applyOne(new PlanItem(moved, Action.CREATE_SECRET, Reason.NEW_BINDING, 3), Map.of());
		LedgerEntry afterMove = ledger.entries.get(a.repository());
		assertThat(afterMove.binding()).isEqualTo(moved);
		assertThat(afterMove.retired()).as("the old target is remembered, never forgotten").containsExactly(a);

		ApplyReport prune = applyOne(new PlanItem(a, Action.DELETE_SECRET, Reason.TARGET_MOVED, 0), Map.of());

		assertThat(prune.results()).extracting(ItemResult::status).containsExactly(Status.DONE);
		assertThat(calls).contains("delete " + a).doesNotContain("delete " + moved);
		LedgerEntry afterPrune = ledger.entries.get(a.repository());
		assertThat(afterPrune.retired()).isEmpty();
		assertThat(afterPrune.binding()).isEqualTo(moved);
		assertThat(afterPrune.pushedVersion()).isEqualTo(3);
	}

	@Test
	void aDeleteShouldNotRunForATargetTheBindingPointsToAgain() {
		Binding moved = new Binding(a.repository(), new EnvironmentName("elsewhere"), a.secretName());
		ledger.entries.put(a.repository(),
				new LedgerEntry(moved, true, 3, Optional.of(PLANNED_AT), Optional.of("key-1"), Optional.of(PLANNED_AT),
						Optional.empty(), LedgerEntry.Outcome.SYNCED, Optional.empty(), PLANNED_AT, List.of(a)));
		inVault(a, 4);

		ApplyReport report = applyOne(new PlanItem(a, Action.DELETE_SECRET, Reason.TARGET_MOVED, 0), Map.of());

		assertThat(report.results()).extracting(ItemResult::status).containsExactly(Status.SKIPPED);
		assertThat(calls).noneMatch(call -> call.startsWith("delete"));
	}

	@Test
	void aBindingDeliveredByOidcShouldHaveItsCurrentSecretDeletedAndItsRecordDropped() {
		ledger.entries.put(a.repository(), LedgerEntry.confirmed(a, 2, PLANNED_AT, "key-1", PLANNED_AT));
		vault.put(a.repository(), DesiredSecret.of(a, 2).deliveredByOidc());

		ApplyReport report = applyOne(new PlanItem(a, Action.DELETE_SECRET, Reason.OIDC_DELIVERY, 0), Map.of());

		assertThat(report.results()).extracting(ItemResult::status).containsExactly(Status.DONE);
		assertThat(calls).contains("delete " + a);
		assertThat(ledger.entries).as("nothing of botkeeper's left on GitHub").doesNotContainKey(a.repository());
	}

	@Test
	void anOidcDeleteShouldNotRunOnceTheMarkIsGoneAndAWriteNotOnceItIsThere() {
		ledger.entries.put(a.repository(), LedgerEntry.confirmed(a, 2, PLANNED_AT, "key-1", PLANNED_AT));
		inVault(a, 2);

		ApplyReport delete = applyOne(new PlanItem(a, Action.DELETE_SECRET, Reason.OIDC_DELIVERY, 0), Map.of());
		vault.put(a.repository(), DesiredSecret.of(a, 3).deliveredByOidc());
		ApplyReport write = applyOne(new PlanItem(a, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION, 3), Map.of());

		assertThat(delete.results()).extracting(ItemResult::status).containsExactly(Status.SKIPPED);
		assertThat(write.results()).extracting(ItemResult::status).containsExactly(Status.SKIPPED);
		assertThat(calls).noneMatch(call -> call.startsWith("delete") || call.startsWith("push"));
	}

	private static final Validators SEEN = new Validators(Optional.of("W/\"secret\""));

	private static Observation seen(Instant updatedAt) {
		return Observation.secretSeen(updatedAt).withValidators(SEEN);
	}

	private int upToDate(LedgerEntry planned, Observation observation) {
		return new SyncEngine(source, new Destination(), ledger, CLOCK)
			.keepValidators(new SyncEngine.PlannedRun(plan(PlanItem.of(a, Action.NOOP, Reason.UP_TO_DATE)), List.of(),
					Map.of(a.repository(), planned), Map.of(a, observation)));
	}

	@Test
	void anUpToDateRecordWithoutEtagsShouldKeepThoseOfThePlanOnce() {
		LedgerEntry old = LedgerEntry.confirmed(a, 2, PLANNED_AT, "key-1", PLANNED_AT);
		ledger.entries.put(a.repository(), old);

		assertThat(upToDate(old, seen(PLANNED_AT))).isEqualTo(1);
		LedgerEntry kept = ledger.entries.get(a.repository());
		assertThat(upToDate(kept, seen(PLANNED_AT))).isZero();

		assertThat(kept.validators()).isEqualTo(SEEN);
		assertThat(kept).usingRecursiveComparison().ignoringFields("validators").isEqualTo(old);
		assertThat(calls).as("written once, then nothing to add").containsExactly("ledger SYNCED v2");
	}

	@Test
	void anEtagShouldBeKeptOnlyWithTheValueItShowed() {
		LedgerEntry old = LedgerEntry.confirmed(a, 2, PLANNED_AT, "key-1", PLANNED_AT);

		LedgerEntry filled = old.withValidators(seen(PLANNED_AT.plusSeconds(1)));

		assertThat(filled).isSameAs(old);
	}

	@Test
	void aRecordWrittenSinceThePlanShouldNotGetThePlansEtags() {
		LedgerEntry old = LedgerEntry.confirmed(a, 2, PLANNED_AT, "key-1", PLANNED_AT);
		ledger.entries.put(a.repository(), old);
		LedgerEntry newer = LedgerEntry.confirmed(a, 3, OTHER_AT, "key-1", OTHER_AT);
		ledger.writtenElsewhere(newer);

		assertThat(upToDate(old, seen(PLANNED_AT))).isZero();

		assertThat(ledger.entries.get(a.repository())).isEqualTo(newer);
		assertThat(calls).isEmpty();
	}

	@Test
	void aPlanShouldTellTheDestinationHowManyBindingsItObserves() {
		inVault(a, 1);
		inVault(b, 1);
		Destination destination = new Destination();

		new SyncEngine(source, destination, ledger, CLOCK).plan(Set.of(), Planner.Options.DEFAULT);

		assertThat(destination.expectedBindings).as("so that the ETag cache holds them all").isEqualTo(2);
	}

	private final class Destination implements SecretDestination {

		Binding failPushFor;

		boolean abortOnPush;

		Observation.EnvironmentState environment = Observation.EnvironmentState.PROTECTED;

		int expectedBindings;

		@Override
		public void expectBindings(int count) {
			expectedBindings = count;
		}

		/** Runs while GitHub is "receiving" the push: another replica acting meanwhile. */
		Runnable duringPush = () -> {
		};

		@Override
		public Observation observe(Binding binding, boolean deep) {
			return new Observation(Observation.RepositoryState.REACHABLE, environment, Optional.empty());
		}

		@Override
		public void createEnvironment(Binding binding) {
			calls.add("create environment " + binding);
		}

		@Override
		public PushReceipt push(Binding binding, SecretValue value) {
			calls.add("push " + binding);
			duringPush.run();
			if (abortOnPush) {
				throw new RunAbortedException("GitHub returned 401");
			}
			if (binding.equals(failPushFor)) {
				throw new ItemFailedException("Cannot update " + binding + ": GitHub returned 500.");
			}
			return new PushReceipt(CLOCK.instant(), "key-1");
		}

		@Override
		public void delete(Binding binding) {
			calls.add("delete " + binding);
		}

	}

	/** What the Vault adapters throw when Vault does not answer (see Ledger#passing). */
	private static final class Outage extends RunAbortedException {

		Outage() {
			super("Cannot write 'sync/org/a' to Vault mount 'botkeeper': cannot reach Vault.");
		}

	}

	private final class InMemoryLedger implements Ledger {

		final Map<RepositoryName, LedgerEntry> entries = new HashMap<>();

		final Map<RepositoryName, Long> versions = new HashMap<>();

		@Override
		public Map<RepositoryName, LedgerEntry> entries() {
			return Map.copyOf(entries);
		}

		@Override
		public Optional<Versioned> read(RepositoryName repository) {
			if (!entries.containsKey(repository)) {
				return Optional.empty();
			}
			return Optional.of(new Versioned(Optional.of(entries.get(repository)), versions.getOrDefault(repository, 1L)));
		}

		/** How many confirmations (SYNCED records) meet an outage before the ledger answers again. */
		int confirmOutages;

		/** Whether a confirmation that meets an outage was stored before the answer was lost. */
		boolean landsBeforeOutage;

		/** Another replica's record, written while the ledger did not answer this one. */
		LedgerEntry writtenDuringOutage;

		@Override
		public boolean passing(RuntimeException failure) {
			return failure instanceof Outage;
		}

		@Override
		public Optional<Long> compareAndSet(long expectedVersion, LedgerEntry entry) {
			RepositoryName repository = entry.binding().repository();
			if (entry.outcome() == LedgerEntry.Outcome.SYNCED && confirmOutages > 0) {
				confirmOutages--;
				calls.add("ledger outage");
				if (landsBeforeOutage) {
					// As Vault gives a record back: its retired targets not necessarily in the order written.
					entries.put(repository, new LedgerEntry(entry.binding(), entry.owned(), entry.pushedVersion(),
							entry.githubUpdatedAt(), entry.keyId(), entry.syncedAt(), entry.pendingVersion(),
							entry.outcome(), entry.lastError(), entry.recordedAt(), entry.retired().reversed(),
							entry.validators()));
					versions.put(repository, expectedVersion + 1);
				}
				if (writtenDuringOutage != null) {
					writtenElsewhere(writtenDuringOutage);
				}
				throw new Outage();
			}
			long current = entries.containsKey(repository) ? versions.getOrDefault(repository, 1L) : 0;
			if (current != expectedVersion) {
				calls.add("ledger conflict");
				return Optional.empty();
			}
			calls.add("ledger " + entry.outcome() + " v"
					+ (entry.pendingVersion().isPresent() ? entry.pendingVersion().get() : entry.pushedVersion()));
			entries.put(repository, entry);
			versions.put(repository, current + 1);
			return Optional.of(current + 1);
		}

		/** Another replica's write: bumps the version as Vault would. */
		void writtenElsewhere(LedgerEntry entry) {
			RepositoryName repository = entry.binding().repository();
			versions.put(repository, versions.getOrDefault(repository, entries.containsKey(repository) ? 1L : 0L) + 1);
			entries.put(repository, entry);
		}

		@Override
		public void remove(RepositoryName repository) {
			calls.add("ledger removed");
			entries.remove(repository);
			versions.remove(repository);
		}

	}

}
