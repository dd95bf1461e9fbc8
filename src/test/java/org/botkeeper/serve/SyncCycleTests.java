package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.github.GitHubCircuit;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DesiredSecret;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.LeaseHolder;
import org.botkeeper.sync.LeaseStore;
import org.botkeeper.sync.Ledger;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.Observation;
import org.botkeeper.sync.PushReceipt;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretDestination;
import org.botkeeper.sync.SecretName;
import org.botkeeper.sync.SecretSource;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.SyncLease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One replica's runs apply one at a time: serve's full run and a change's run plan side by side, but
 * the lease is re-entrant for its holder, so only the cycle's own lock keeps the second from writing
 * while the first is still writing (and from losing the lease when the first releases it). In-memory
 * ports; the runs across replicas are tested against a real Vault in the integration tests.
 */
class SyncCycleTests {

	private static final Instant PUSHED_AT = Instant.parse("2026-11-30T12:00:00Z");

	private final Binding a = binding("org/a");

	private final Binding b = binding("org/b");

	private final Map<RepositoryName, DesiredSecret> vault = new ConcurrentHashMap<>(
			Map.of(a.repository(), DesiredSecret.of(a, 1), b.repository(), DesiredSecret.of(b, 1)));

	private final MemoryLedger ledger = new MemoryLedger();

	private final BlockingDestination github = new BlockingDestination();

	private final SyncCycle cycle = new SyncCycle(
			() -> new SyncEngine(new MemorySource(), github, ledger, Clock.systemUTC()),
			new SyncLease(new MemoryLeaseStore(), Clock.systemUTC(), Duration.ofMinutes(5)),
			LeaseHolder.named("serve-a"), new StatusBoard(() -> GitHubCircuit.State.CLOSED),
			new SyncMetrics(new SimpleMeterRegistry()), Clock.systemUTC());

	private static Binding binding(String repository) {
		return new Binding(RepositoryName.parse(repository), new EnvironmentName("bot"), new SecretName("BOT_PAT"));
	}

	@Test
	void aChangesRunShouldWaitForTheFullRunsWritesAndNotWriteTheSameVersionAgain() throws Exception {
		github.blockFirstPush();
		Thread full = Thread.ofVirtual().start(cycle::run);
		assertThat(github.firstPushStarted.await(10, TimeUnit.SECONDS)).as("the full run writes a").isTrue();

		Thread change = Thread.ofVirtual().start(() -> cycle.run(Set.of(b.repository())));
		assertThat(github.observedByChange.await(10, TimeUnit.SECONDS)).as("the change's run planned b").isTrue();
		// Long enough for a write that is not held back to start (milliseconds), short enough for a test.
		Thread.sleep(500);

		assertThat(github.pushes).as("nothing but the full run's first write while it is in flight").containsExactly(a);
		github.releaseFirstPush();
		full.join(10_000);
		change.join(10_000);
		assertThat(full.isAlive() || change.isAlive()).as("both runs finished").isFalse();
		assertThat(github.mostInFlight).as("writes one at a time").hasValue(1);
		assertThat(github.pushes).as("each version written once: the change's run found b confirmed")
			.containsExactlyInAnyOrder(a, b);
		assertThat(ledger.entry(b.repository())).hasValueSatisfying(entry -> assertThat(entry.pushedVersion()).isEqualTo(1));
	}

	@Test
	void aTokenBoundElsewhereThanTheFileDeclaresShouldBeHeldBackAndListedAfterAFullRunOnly(@TempDir Path dir)
			throws Exception {
		Path file = dir.resolve("botkeeper.yaml");
		Files.writeString(file, """
				bindings:
				  - repository: org/a
				    environment: elsewhere
				    secret_name: BOT_PAT
				  - repository: org/b
				    environment: bot
				    secret_name: BOT_PAT
				""");
		StatusBoard board = new StatusBoard(() -> GitHubCircuit.State.CLOSED);
		SyncCycle declared = new SyncCycle(() -> new SyncEngine(new MemorySource(), github, ledger, Clock.systemUTC()),
				new SyncLease(new MemoryLeaseStore(), Clock.systemUTC(), Duration.ofMinutes(5)),
				LeaseHolder.named("serve-a"), board, new SyncMetrics(new SimpleMeterRegistry()), Clock.systemUTC(),
				() -> false, Optional.of(new DeclaredBindings(file, new EnvironmentName("bot"), new SecretName("BOT_PAT"), Optional.empty())), null);

		declared.run(Set.of(a.repository(), b.repository()));

		assertThat(github.pushes).as("a is held back").containsExactly(b);
		assertThat(board.declared()).as("a run of a few bindings lists nothing").isEmpty();

		declared.run();

		assertThat(github.pushes).containsExactly(b);
		assertThat(board.declared()).hasValueSatisfying(check -> {
			assertThat(check.check().differing()).singleElement()
				.satisfies(difference -> assertThat(difference.inVault()).isEqualTo(a));
			assertThat(check.problem()).isEmpty();
		});
	}

	private final class MemorySource implements SecretSource {

		@Override
		public List<DesiredSecret> desired(Set<RepositoryName> only) {
			return vault.values().stream().filter(d -> only.isEmpty() || only.contains(d.binding().repository())).toList();
		}

		@Override
		public Optional<DesiredSecret> current(RepositoryName repository) {
			return Optional.ofNullable(vault.get(repository));
		}

		@Override
		public SecretValue read(Binding binding, long version) {
			return SecretValue.of("value-" + version);
		}

	}

	/** GitHub holding what was pushed; the first push waits until the test lets it finish. */
	private final class BlockingDestination implements SecretDestination {

		final List<Binding> pushes = new CopyOnWriteArrayList<>();

		final AtomicInteger mostInFlight = new AtomicInteger();

		final CountDownLatch firstPushStarted = new CountDownLatch(1);

		final CountDownLatch observedByChange = new CountDownLatch(1);

		private final AtomicInteger inFlight = new AtomicInteger();

		private final Set<Binding> stored = ConcurrentHashMap.newKeySet();

		private volatile CountDownLatch release = new CountDownLatch(0);

		private final AtomicInteger observationsOfB = new AtomicInteger();

		void blockFirstPush() {
			release = new CountDownLatch(1);
		}

		void releaseFirstPush() {
			release.countDown();
		}

		@Override
		public Observation observe(Binding binding, boolean deep) {
			// The full run observes b once (cheap); the change's run is the next to look at b.
			if (binding.equals(b) && !deep && observationsOfB.incrementAndGet() == 2) {
				observedByChange.countDown();
			}
			return new Observation(Observation.RepositoryState.REACHABLE, Observation.EnvironmentState.PROTECTED,
					stored.contains(binding) ? Optional.of(PUSHED_AT) : Optional.empty());
		}

		@Override
		public void createEnvironment(Binding binding) {
			throw new AssertionError("the environments exist");
		}

		@Override
		public PushReceipt push(Binding binding, SecretValue value) {
			mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			try {
				pushes.add(binding);
				if (pushes.size() == 1) {
					firstPushStarted.countDown();
					release.await(10, TimeUnit.SECONDS);
				}
				stored.add(binding);
				return new PushReceipt(PUSHED_AT, "key-1");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			finally {
				inFlight.decrementAndGet();
			}
		}

		@Override
		public void delete(Binding binding) {
			throw new AssertionError("nothing is deleted");
		}

	}

	private static final class MemoryLedger implements Ledger {

		private final Map<RepositoryName, Versioned> records = new ConcurrentHashMap<>();

		@Override
		public Map<RepositoryName, LedgerEntry> entries() {
			Map<RepositoryName, LedgerEntry> entries = new ConcurrentHashMap<>();
			records.forEach((repository, record) -> record.entry().ifPresent(entry -> entries.put(repository, entry)));
			return Map.copyOf(entries);
		}

		@Override
		public Optional<Versioned> read(RepositoryName repository) {
			return Optional.ofNullable(records.get(repository));
		}

		@Override
		public synchronized Optional<Long> compareAndSet(long expectedVersion, LedgerEntry entry) {
			RepositoryName repository = entry.binding().repository();
			long current = Optional.ofNullable(records.get(repository)).map(Versioned::version).orElse(0L);
			if (current != expectedVersion) {
				return Optional.empty();
			}
			records.put(repository, new Versioned(Optional.of(entry), current + 1));
			return Optional.of(current + 1);
		}

		@Override
		public synchronized void remove(RepositoryName repository) {
			records.remove(repository);
		}

	}

	private static final class MemoryLeaseStore implements LeaseStore {

		private Versioned current;

		@Override
		public synchronized Optional<Versioned> read() {
			return Optional.ofNullable(current);
		}

		@Override
		public synchronized Optional<Long> compareAndSet(long expectedVersion, Record lease) {
			long version = current == null ? 0 : current.version();
			if (version != expectedVersion) {
				return Optional.empty();
			}
			current = new Versioned(lease, version + 1);
			return Optional.of(version + 1);
		}

	}

}
