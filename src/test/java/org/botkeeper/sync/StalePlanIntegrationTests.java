package org.botkeeper.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.VaultLeaseStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replicas never apply a stale plan: every replica plans before it takes the lease, so by the time
 * one applies, another may have pushed the same item, or the token may have been rotated again. The
 * interleaving is forced here step by step (both replicas plan, a rotation lands, then each applies in
 * turn), and then left to chance in a soak of two replicas with rotations at random moments and a
 * slow GitHub. Real Vault; GitHub simulated behind Prism, which keeps every value each secret received.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class StalePlanIntegrationTests {

	private SyncWorld world;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		world = new SyncWorld(vault, github);
	}

	private SyncLease lease() {
		return new SyncLease(new VaultLeaseStore(world.broker, world.layout), Clock.systemUTC(), Duration.ofSeconds(30));
	}

	/** One replica's run, as serve does it: plan first, then take the lease and apply that plan. */
	private static Optional<ApplyReport> applyUnderLease(SyncLease lease, String holder, SyncEngine engine,
			SyncEngine.PlannedRun planned) {
		Optional<SyncLease.Grant> grant = lease.acquire(holder);
		if (grant.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(engine.apply(planned, grant.get(), result -> {
			}));
		}
		finally {
			grant.get().release();
		}
	}

	private List<String> writes(RepositoryName repository) {
		return world.environment(repository).writes(world.defaults.secretName().value());
	}

	@Test
	void aReplicaWithAStalePlanShouldNeitherRepushNorPushAnOlderVersion() {
		RepositoryName repository = world.repositoryWithEnvironment("stale");
		Set<RepositoryName> only = Set.of(repository);
		String v1 = world.putToken(repository);
		SyncEngine a = world.engine();
		SyncEngine b = world.engine(world.broker, world.separateWriter());
		SyncLease lease = lease();
		applyUnderLease(lease, "a", a, a.plan(only, Planner.Options.DEFAULT));
		world.putToken(repository); // v2

		// The barrier: both replicas planned v2 before either took the lease; then v3 arrives.
		SyncEngine.PlannedRun planA = a.plan(only, Planner.Options.DEFAULT);
		SyncEngine.PlannedRun planB = b.plan(only, Planner.Options.DEFAULT);
		assertThat(planA.plan().items()).extracting(PlanItem::version).containsExactly(2L);
		assertThat(planB.plan().items()).extracting(PlanItem::version).containsExactly(2L);
		String v3 = world.putToken(repository);
		ApplyReport first = applyUnderLease(lease, "a", a, planA).orElseThrow();
		ApplyReport second = applyUnderLease(lease, "b", b, planB).orElseThrow();

		assertThat(first.results()).singleElement().satisfies(result -> {
			assertThat(result.status()).isEqualTo(ItemResult.Status.DONE);
			assertThat(result.item().version()).as("the newest version, not the planned one").isEqualTo(3);
		});
		assertThat(second.results()).singleElement().satisfies(result -> {
			assertThat(result.status()).isEqualTo(ItemResult.Status.UNCHANGED);
			assertThat(result.message()).contains("another replica confirmed version 3");
		});
		assertThat(writes(repository)).as("exactly one write per version pushed, never an older one after a newer")
			.containsExactly(v1, v3);
		assertThat(world.decrypted(repository)).isEqualTo(v3);
		assertThat(world.ledger().get(repository).pushedVersion()).isEqualTo(3);
	}

	@Test
	void theCliRacingAServeReplicaShouldNotWriteTwice(VaultFixture vault) {
		RepositoryName repository = world.repositoryWithEnvironment("cli-race");
		Set<RepositoryName> only = Set.of(repository);
		world.storeWriter();
		String v1 = world.putToken(repository);
		SyncEngine serve = world.engine();
		SyncEngine.PlannedRun planned = serve.plan(only, Planner.Options.DEFAULT);

		CliRun cli = VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl())
			.run("sync", "--yes", repository.toString());
		ApplyReport late = applyUnderLease(lease(), "serve", serve, planned).orElseThrow();

		assertThat(cli.exitCode()).as(cli.describe()).isZero();
		assertThat(late.results()).extracting(ItemResult::status).containsExactly(ItemResult.Status.UNCHANGED);
		assertThat(writes(repository)).containsExactly(v1);
	}

	@Test
	void twoReplicasUnderRandomRotationsShouldWriteEachVersionAtMostOnceAndConverge() throws Exception {
		List<RepositoryName> repositories = List.of(world.repositoryWithEnvironment("soak1"),
				world.repositoryWithEnvironment("soak2"), world.repositoryWithEnvironment("soak3"));
		Set<RepositoryName> only = Set.copyOf(repositories);
		Map<RepositoryName, List<String>> versions = new ConcurrentHashMap<>();
		repositories.forEach(r -> versions.computeIfAbsent(r, k -> new CopyOnWriteArrayList<>()).add(world.putToken(r)));
		world.github.faults().delays(100_000, Duration.ofMillis(40)); // a slow GitHub widens every window
		AtomicBoolean rotating = new AtomicBoolean(true);
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			List<Future<?>> replicas = new ArrayList<>();
			for (String name : List.of("replica-a", "replica-b")) {
				SyncEngine engine = name.equals("replica-a") ? world.engine()
						: world.engine(world.broker, world.separateWriter());
				replicas.add(pool.submit(() -> {
					SyncLease lease = lease();
					while (rotating.get()) {
						try {
							SyncEngine.PlannedRun planned = engine.plan(only, Planner.Options.DEFAULT);
							Thread.sleep(ThreadLocalRandom.current().nextInt(0, 150));
							if (planned.plan().hasChanges()) {
								applyUnderLease(lease, name, engine, planned);
							}
						}
						catch (InterruptedException ex) {
							return;
						}
						catch (RuntimeException ex) {
							failures.add(ex);
						}
					}
				}));
			}
			pool.submit(() -> {
				try {
					for (int rotation = 0; rotation < 12; rotation++) {
						Thread.sleep(ThreadLocalRandom.current().nextInt(50, 400));
						RepositoryName r = repositories.get(ThreadLocalRandom.current().nextInt(repositories.size()));
						versions.get(r).add(world.putToken(r));
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					rotating.set(false);
				}
			}).get(2, TimeUnit.MINUTES);
			for (Future<?> replica : replicas) {
				replica.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
			world.github.faults().clear();
		}
		SyncEngine last = world.engine();
		applyUnderLease(lease(), "converge", last, last.plan(only, Planner.Options.DEFAULT));

		assertThat(failures).as("no replica run failed").isEmpty();
		for (RepositoryName repository : repositories) {
			List<String> written = writes(repository);
			List<String> stored = versions.get(repository);
			assertThat(written).as(repository + ": each version written at most once").doesNotHaveDuplicates();
			List<Integer> order = written.stream().map(stored::indexOf).toList();
			assertThat(order).as(repository + ": only Vault's versions, never an older one after a newer")
				.doesNotContain(-1)
				.isSorted();
			assertThat(world.decrypted(repository)).as(repository + " ends at the newest version")
				.isEqualTo(stored.getLast());
			assertThat(world.ledger().get(repository).pushedVersion()).isEqualTo(stored.size());
		}
	}

}
