package org.botkeeper.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.Action;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DesiredOrgSecret;
import org.botkeeper.sync.DesiredSecret;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.LeaseEvent;
import org.botkeeper.sync.LeaseStore;
import org.botkeeper.sync.Ledger;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.Observation;
import org.botkeeper.sync.OrgLedger;
import org.botkeeper.sync.OrgLedgerEntry;
import org.botkeeper.sync.OrgObservation;
import org.botkeeper.sync.OrgPlanItem;
import org.botkeeper.sync.OrgSecretDestination;
import org.botkeeper.sync.OrgSecretSource;
import org.botkeeper.sync.OrgSecretSync;
import org.botkeeper.sync.OrgSecretTarget;
import org.botkeeper.sync.Plan;
import org.botkeeper.sync.PlanItem;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.PushReceipt;
import org.botkeeper.sync.Reason;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.sync.SecretDestination;
import org.botkeeper.sync.SecretName;
import org.botkeeper.sync.SecretSource;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.SyncLease;
import org.botkeeper.sync.WriteFence;
import org.junit.jupiter.api.Test;

/**
 * The flow {@code botkeeper sync} and serve share, with in-memory ports: above all, that the lease is
 * never kept, whatever the apply did (the end-to-end runs are the sync and serve integration tests).
 */
class SyncRunTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

	private final Binding a = new Binding(RepositoryName.parse("org/a"), new EnvironmentName("bot"),
			new SecretName("BOT_PAT"));

	private final List<String> calls = new ArrayList<>();

	/** Fails every lease call while set, as a sealed or unreachable Vault does. */
	private RuntimeException vaultDown;

	/** Fails the source's reads under the lease while set. */
	private RuntimeException sourceFailure;

	/** Check-and-set as Vault KV v2 does it. */
	private final LeaseStore store = new LeaseStore() {
		Versioned current;

		@Override
		public Optional<Versioned> read() {
			failIfDown();
			return Optional.ofNullable(current);
		}

		@Override
		public Optional<Long> compareAndSet(long expectedVersion, Record lease) {
			failIfDown();
			long actual = current == null ? 0 : current.version();
			if (actual != expectedVersion) {
				return Optional.empty();
			}
			current = new Versioned(lease, actual + 1);
			return Optional.of(actual + 1);
		}
	};

	private final SyncLease lease = new SyncLease(store, CLOCK, Duration.ofMinutes(2));

	private final SecretSource source = new SecretSource() {
		@Override
		public List<DesiredSecret> desired(Set<RepositoryName> only) {
			return List.of(DesiredSecret.of(a, 1));
		}

		@Override
		public Optional<DesiredSecret> current(RepositoryName repository) {
			if (sourceFailure != null) {
				throw sourceFailure;
			}
			return Optional.of(DesiredSecret.of(a, 1));
		}

		@Override
		public SecretValue read(Binding binding, long version) {
			return SecretValue.of("value-" + version);
		}
	};

	private final SecretDestination destination = new SecretDestination() {
		@Override
		public Observation observe(Binding binding, boolean deep) {
			return new Observation(Observation.RepositoryState.REACHABLE, Observation.EnvironmentState.PROTECTED,
					Optional.empty());
		}

		@Override
		public void createEnvironment(Binding binding) {
			calls.add("create environment " + binding);
		}

		@Override
		public PushReceipt push(Binding binding, SecretValue value) {
			calls.add("push " + binding);
			return new PushReceipt(CLOCK.instant(), "key-1");
		}

		@Override
		public void delete(Binding binding) {
			calls.add("delete " + binding);
		}
	};

	private final Ledger ledger = new Ledger() {
		@Override
		public Map<RepositoryName, LedgerEntry> entries() {
			return Map.of();
		}

		@Override
		public Optional<Versioned> read(RepositoryName repository) {
			return Optional.empty();
		}

		@Override
		public Optional<Long> compareAndSet(long expectedVersion, LedgerEntry entry) {
			return Optional.of(expectedVersion + 1);
		}

		@Override
		public void remove(RepositoryName repository) {
		}
	};

	private final SyncEngine engine = new SyncEngine(source, destination, ledger, CLOCK);

	private final RecordingHooks hooks = new RecordingHooks();

	private int leaseTaken;

	private SyncRun run() {
		return new SyncRun(engine, () -> {
			leaseTaken++;
			return lease.acquire("cli");
		}, hooks);
	}

	private SyncEngine.PlannedRun planned(Action action, Reason reason) {
		return new SyncEngine.PlannedRun(new Plan(List.of(new PlanItem(a, action, reason, 1))),
				List.of(DesiredSecret.of(a, 1)), Map.of());
	}

	private SyncEngine.PlannedRun changes() {
		return planned(Action.CREATE_SECRET, Reason.NEW_BINDING);
	}

	private void failIfDown() {
		if (vaultDown != null) {
			throw vaultDown;
		}
	}

	@Test
	void runShouldApplyUnderTheLeaseAndReleaseItAfter() {
		SyncRun.Outcome outcome = run().run(changes());

		assertThat(outcome).isInstanceOf(SyncRun.Applied.class);
		assertThat(((SyncRun.Applied) outcome).report().count(ItemResult.Status.DONE)).isEqualTo(1);
		assertThat(calls).containsExactly("push " + a);
		assertThat(hooks.events).containsExactly("confirm", "fence", "progress 1/1 DONE fencing 1");
		assertThat(lease.acquire("serve")).as("released: the next holder need not wait for it to expire").isPresent();
	}

	@Test
	void leaseShouldBeReleasedWhenTheApplyFails() {
		// Not a failure of one item: re-validating the plan under the lease fails the whole apply.
		sourceFailure = new IllegalStateException("Vault answered 500");

		assertThatThrownBy(() -> run().run(changes())).isSameAs(sourceFailure);

		assertThat(lease.acquire("serve")).as("released although the apply failed").isPresent();
		assertThat(calls).isEmpty();
	}

	@Test
	void aLeaseThatCannotBeReleasedShouldBeSaidWithoutHidingTheReport() {
		hooks.onProgress = () -> vaultDown = new IllegalStateException("Vault is sealed");

		SyncRun.Outcome outcome = run().run(changes());

		assertThat(outcome).isInstanceOf(SyncRun.Applied.class);
		assertThat(hooks.events).endsWith("not released");
	}

	@Test
	void everyWriteShouldCheckTheHooksFence() {
		hooks.fence = grant -> () -> {
			throw new RunAbortedException("stopped by a signal");
		};

		SyncRun.Applied applied = (SyncRun.Applied) run().run(changes());

		assertThat(applied.report().abortedBecause()).contains("stopped by a signal");
		assertThat(calls).isEmpty();
		assertThat(lease.acquire("serve")).isPresent();
	}

	@Test
	void aPlanWithoutChangesShouldNeitherAskNorTakeTheLease() {
		SyncRun.Outcome outcome = run().run(planned(Action.NOOP, Reason.UP_TO_DATE));

		assertThat(outcome).isInstanceOf(SyncRun.Unchanged.class);
		assertThat(hooks.events).isEmpty();
		assertThat(leaseTaken).isZero();
	}

	@Test
	void declinedChangesShouldTakeNoLease() {
		hooks.confirm = false;

		SyncRun.Outcome outcome = run().run(changes());

		assertThat(outcome).isInstanceOf(SyncRun.Declined.class);
		assertThat(leaseTaken).isZero();
		assertThat(calls).isEmpty();
	}

	@Test
	void aLeaseHeldElsewhereShouldWriteNothing() {
		lease.acquire("serve").orElseThrow();

		SyncRun.Outcome outcome = run().run(changes());

		assertThat(outcome).isInstanceOf(SyncRun.LeaseHeld.class);
		assertThat(calls).isEmpty();
		assertThat(hooks.events).containsExactly("confirm");
	}

	private final OrgSecretTarget shared = new OrgSecretTarget("org", new SecretName("SHARED_PAT"));

	private final OrgSecretSync organisations = new OrgSecretSync(new OrgSecretSource() {
		@Override
		public List<DesiredOrgSecret> desired(Set<String> only) {
			return List.of(DesiredOrgSecret.of(shared, 1, new java.util.TreeSet<>(List.of("a"))));
		}

		@Override
		public Optional<DesiredOrgSecret> current(OrgSecretTarget target) {
			return Optional.of(DesiredOrgSecret.of(shared, 1, new java.util.TreeSet<>(List.of("a"))));
		}

		@Override
		public SecretValue read(OrgSecretTarget target, long version) {
			return SecretValue.of("value-" + version);
		}
	}, new OrgSecretDestination() {
		@Override
		public OrgObservation observe(OrgSecretTarget target, java.util.SortedSet<String> repositories) {
			return OrgObservation.missing(List.of());
		}

		@Override
		public Instant push(OrgSecretTarget target, SecretValue value, java.util.SortedSet<String> repositories) {
			calls.add("push " + target + " to " + repositories);
			return CLOCK.instant();
		}

		@Override
		public void select(OrgSecretTarget target, java.util.SortedSet<String> repositories) {
			calls.add("select " + repositories);
		}

		@Override
		public void delete(OrgSecretTarget target) {
			calls.add("delete " + target);
		}
	}, new OrgLedger() {
		@Override
		public Map<OrgSecretTarget, OrgLedgerEntry> entries() {
			return Map.of();
		}

		@Override
		public Optional<Versioned> read(OrgSecretTarget target) {
			return Optional.empty();
		}

		@Override
		public Optional<Long> compareAndSet(long expectedVersion, OrgLedgerEntry entry) {
			calls.add("ledger " + entry.target() + " version " + entry.pushedVersion());
			return Optional.of(expectedVersion + 1);
		}

		@Override
		public void remove(OrgSecretTarget target) {
		}
	}, CLOCK);

	private SyncRun runWithOrganisations() {
		return new SyncRun(engine, organisations, () -> {
			leaseTaken++;
			return lease.acquire("cli");
		}, hooks);
	}

	@Test
	void organisationSecretsAloneShouldBeAppliedUnderTheLeaseAndCountedInTheProgress() {
		OrgSecretSync.Planned orgPlanned = organisations.plan(Set.of(), Planner.Options.DEFAULT);

		SyncRun.Outcome outcome = runWithOrganisations().run(planned(Action.NOOP, Reason.UP_TO_DATE), orgPlanned);

		assertThat(outcome).isInstanceOf(SyncRun.Applied.class);
		assertThat(((SyncRun.Applied) outcome).organisations()).singleElement()
			.extracting(OrgSecretSync.Result::status)
			.isEqualTo(ItemResult.Status.DONE);
		assertThat(calls).containsExactly("ledger " + shared + " version 0", "push " + shared + " to [a]",
				"ledger " + shared + " version 1");
		assertThat(hooks.events).containsExactly("confirm", "fence", "progress 1/2 UNCHANGED fencing 1",
				"org progress 2/2 DONE fencing 1");
		assertThat(leaseTaken).isEqualTo(1);
		assertThat(lease.acquire("serve")).as("released").isPresent();
	}

	@Test
	void aBlockedOrganisationSecretShouldBeReportedWhenOnlyTheBindingsHaveChanges() {
		OrgSecretSync.Planned blocked = new OrgSecretSync.Planned(List.of(new OrgPlanItem(shared, Action.BLOCKED,
				Reason.UNMANAGED_SECRET, 0, 1, Optional.empty())), List.of());

		SyncRun.Applied applied = (SyncRun.Applied) runWithOrganisations().run(changes(), blocked);

		assertThat(applied.organisations()).singleElement()
			.extracting(OrgSecretSync.Result::status)
			.isEqualTo(ItemResult.Status.BLOCKED);
		assertThat(calls).containsExactly("push " + a);
	}

	@Test
	void organisationSecretsShouldBeSkippedWhenTheBindingsApplyWasStopped() {
		hooks.fence = grant -> () -> {
			throw new RunAbortedException("stopped by a signal");
		};
		OrgSecretSync.Planned orgPlanned = organisations.plan(Set.of(), Planner.Options.DEFAULT);

		SyncRun.Applied applied = (SyncRun.Applied) runWithOrganisations().run(changes(), orgPlanned);

		assertThat(applied.organisations()).singleElement().satisfies(result -> {
			assertThat(result.status()).isEqualTo(ItemResult.Status.SKIPPED);
			assertThat(result.message()).contains("stopped by a signal");
		});
		assertThat(calls).isEmpty();
	}

	/** Records what the run told it, in order. */
	private static final class RecordingHooks implements SyncRun.Hooks {

		final List<String> events = new ArrayList<>();

		boolean confirm = true;

		java.util.function.Function<SyncLease.Grant, WriteFence> fence = grant -> grant;

		Runnable onProgress = () -> {
		};

		@Override
		public boolean confirm(SyncEngine.PlannedRun planned) {
			events.add("confirm");
			return confirm;
		}

		@Override
		public void took(LeaseEvent event) {
			events.add("took " + event.kind());
		}

		@Override
		public WriteFence fence(SyncLease.Grant grant) {
			events.add("fence");
			return fence.apply(grant);
		}

		@Override
		public void progress(ItemResult result, int index, int total, long fencing) {
			events.add("progress " + index + "/" + total + " " + result.status() + " fencing " + fencing);
			onProgress.run();
		}

		@Override
		public void progress(OrgSecretSync.Result result, int index, int total, long fencing) {
			events.add("org progress " + index + "/" + total + " " + result.status() + " fencing " + fencing);
		}

		@Override
		public void notReleased() {
			events.add("not released");
		}

	}

}
