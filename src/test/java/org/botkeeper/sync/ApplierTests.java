package org.botkeeper.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
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

	private Applier applier(SecretDestination destination, WriteFence fence) {
		SecretSource source = new SecretSource() {
			@Override
			public List<DesiredSecret> desired(Set<RepositoryName> only) {
				return List.of();
			}

			@Override
			public SecretValue read(Binding binding, long version) {
				calls.add("read " + binding + " v" + version);
				return SecretValue.of("value-" + version);
			}
		};
		return new Applier(source, destination, ledger, fence, CLOCK);
	}

	@Test
	void applyShouldRecordAnIntentBeforeAndTheConfirmationAfterThePush() {
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

	@Test
	void settledRunShouldShowDoneItemsUpToDateAndKeepFailedOnesWithTheirRecords() {
		Destination destination = new Destination();
		destination.failPushFor = b;
		SecretSource source = new SecretSource() {
			@Override
			public List<DesiredSecret> desired(Set<RepositoryName> only) {
				return List.of();
			}

			@Override
			public SecretValue read(Binding binding, long version) {
				return SecretValue.of("value-" + version);
			}
		};
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
		ApplyReport report = applier(destination, WriteFence.NONE).apply(
				plan(new PlanItem(a, Action.NOOP, Reason.UP_TO_DATE, 0),
						new PlanItem(b, Action.BLOCKED, Reason.REPOSITORY_GONE, 0)),
				Map.of(b.repository(), blocked), r -> {
				});
		assertThat(report.count(Status.UNCHANGED)).isEqualTo(1);
		assertThat(report.count(Status.BLOCKED)).isEqualTo(1);
		assertThat(calls).isEmpty();
	}

	private final class Destination implements SecretDestination {

		Binding failPushFor;

		boolean abortOnPush;

		Observation.EnvironmentState environment = Observation.EnvironmentState.PROTECTED;

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

	private final class InMemoryLedger implements Ledger {

		final Map<RepositoryName, LedgerEntry> entries = new HashMap<>();

		@Override
		public Map<RepositoryName, LedgerEntry> entries() {
			return Map.copyOf(entries);
		}

		@Override
		public void record(LedgerEntry entry) {
			calls.add("ledger " + entry.outcome() + " v"
					+ (entry.pendingVersion().isPresent() ? entry.pendingVersion().get() : entry.pushedVersion()));
			entries.put(entry.binding().repository(), entry);
		}

		@Override
		public void remove(RepositoryName repository) {
			entries.remove(repository);
		}

	}

}
