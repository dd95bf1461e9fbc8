package org.botkeeper.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.VaultLeaseStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Plan, then apply, end to end: a real Vault (tokens stored under the admin policy, synced with the
 * broker policy) and the GitHub simulator, which opens every sealed box so that what arrived can be
 * compared with Vault's latest version.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class SyncEndToEndIntegrationTests {

	private SyncWorld world;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		world = new SyncWorld(vault, github);
	}

	private SyncEngine.PlannedRun plan(Set<RepositoryName> repositories, Planner.Options options) {
		return world.engine().plan(repositories, options);
	}

	private ApplyReport apply(Set<RepositoryName> repositories, Planner.Options options) {
		SyncEngine engine = world.engine();
		return engine.apply(engine.plan(repositories, options), WriteFence.NONE, result -> {
		});
	}

	private static Action action(SyncEngine.PlannedRun run, RepositoryName repository) {
		return item(run, repository).action();
	}

	private static PlanItem item(SyncEngine.PlannedRun run, RepositoryName repository) {
		return run.plan().items().stream().filter(i -> i.binding().repository().equals(repository)).findFirst().orElseThrow();
	}

	@Test
	void initialSyncShouldLandEveryTokenAndASecondRunShouldChangeNothing() {
		RepositoryName a = world.repositoryWithEnvironment("a");
		RepositoryName b = world.repositoryWithEnvironment("b");
		RepositoryName c = world.repository("c");
		String tokenA = world.putToken(a);
		String tokenB = world.putToken(b);
		String tokenC = world.putToken(c);
		Set<RepositoryName> all = Set.of(a, b, c);

		long mutatingAtStart = world.github.counters().mutatingRequests();
		SyncEngine.PlannedRun first = plan(all, Planner.Options.DEFAULT);
		assertThat(action(first, a)).isEqualTo(Action.CREATE_SECRET);
		assertThat(action(first, b)).isEqualTo(Action.CREATE_SECRET);
		assertThat(action(first, c)).as("c has no environment yet").isEqualTo(Action.CREATE_ENVIRONMENT);
		assertThat(world.github.counters().mutatingRequests()).as("planning writes nothing").isEqualTo(mutatingAtStart);

		ApplyReport report = apply(all, Planner.Options.DEFAULT);
		assertThat(report.succeeded()).as(report.toString()).isTrue();
		assertThat(world.decrypted(a)).isEqualTo(tokenA);
		assertThat(world.decrypted(b)).isEqualTo(tokenB);
		assertThat(world.decrypted(c)).isEqualTo(tokenC);
		assertThat(world.environment(c).branchPolicy()).as("created limited to protected branches")
			.containsExactly(true, false);

		SyncEngine.PlannedRun second = plan(all, Planner.Options.DEFAULT);
		assertThat(second.plan().hasChanges()).as(second.plan().toString()).isFalse();
		long mutating = world.github.counters().mutatingRequests();
		long requests = world.github.counters().requests();
		long points = world.github.counters().primaryPointsUsed();
		ApplyReport again = apply(all, Planner.Options.DEFAULT);
		assertThat(again.count(ItemResult.Status.UNCHANGED)).isEqualTo(3);
		assertThat(world.github.counters().mutatingRequests()).as("no-change apply sends no write").isEqualTo(mutating);
		assertThat(world.github.counters().requests() - requests)
			.as("at most two conditional reads per binding: the secret and the environment's key").isLessThanOrEqualTo(6);
		assertThat(world.github.counters().primaryPointsUsed()).as("conditional reads answered 304 cost no points")
			.isEqualTo(points);
	}

	@Test
	void aNewTokenVersionShouldBeOneUpdate() {
		RepositoryName a = world.repositoryWithEnvironment("a");
		world.putToken(a);
		apply(Set.of(a), Planner.Options.DEFAULT);
		String rotated = world.putToken(a);

		SyncEngine.PlannedRun run = plan(Set.of(a), Planner.Options.DEFAULT);
		assertThat(item(run, a).reason()).isEqualTo(Reason.NEW_TOKEN_VERSION);
		long puts = world.github.counters().count("PUT", 204);
		apply(Set.of(a), Planner.Options.DEFAULT);
		assertThat(world.github.counters().count("PUT", 204) - puts).as("one update").isEqualTo(1);
		assertThat(world.decrypted(a)).isEqualTo(rotated);
	}

	@Test
	void aSecretChangedOnGitHubShouldBeDetectedAndRepaired() {
		RepositoryName a = world.repositoryWithEnvironment("a");
		String token = world.putToken(a);
		apply(Set.of(a), Planner.Options.DEFAULT);
		Instant pushed = world.environment(a).secret(world.defaults.secretName().value()).updatedAt();
		world.environment(a).putOutOfBand(world.defaults.secretName().value(), "tampered", pushed.plusSeconds(2));

		SyncEngine.PlannedRun run = plan(Set.of(a), Planner.Options.DEFAULT);
		assertThat(item(run, a).reason()).isEqualTo(Reason.CHANGED_OUT_OF_BAND);
		assertThat(run.status(Instant.now()).bindings().get(0).drift()).isTrue();
		apply(Set.of(a), Planner.Options.DEFAULT);
		assertThat(world.decrypted(a)).isEqualTo(token);
	}

	@Test
	void anUnmanagedSameNameSecretShouldBeRefusedUnlessAdopted() {
		RepositoryName a = world.repositoryWithEnvironment("a");
		String token = world.putToken(a);
		world.environment(a).putOutOfBand(world.defaults.secretName().value(), "someone-elses", Instant.now());

		ApplyReport refused = apply(Set.of(a), Planner.Options.DEFAULT);
		assertThat(refused.results()).singleElement().satisfies(result -> {
			assertThat(result.status()).isEqualTo(ItemResult.Status.BLOCKED);
			assertThat(result.item().reason()).isEqualTo(Reason.UNMANAGED_SECRET);
		});
		assertThat(world.decrypted(a)).isEqualTo("someone-elses");

		apply(Set.of(a), new Planner.Options(true, false, false));
		assertThat(world.decrypted(a)).isEqualTo(token);
		assertThat(plan(Set.of(a), Planner.Options.DEFAULT).plan().hasChanges()).as("adopted, now owned").isFalse();
	}

	@Test
	void aGoneRepositoryShouldBlockOnlyItsOwnBinding() {
		RepositoryName a = world.repositoryWithEnvironment("a");
		RepositoryName gone = world.repositoryWithEnvironment("gone");
		String token = world.putToken(a);
		world.putToken(gone);
		world.github.state().removeRepository(gone.toString());

		ApplyReport report = apply(Set.of(a, gone), Planner.Options.DEFAULT);
		assertThat(world.decrypted(a)).isEqualTo(token);
		assertThat(report.results()).filteredOn(result -> result.item().binding().repository().equals(gone))
			.singleElement()
			.satisfies(result -> assertThat(result.item().reason()).isEqualTo(Reason.REPOSITORY_GONE));
	}

	@Test
	void anEnvironmentOpenToEveryBranchShouldNeverReceiveTheToken() {
		RepositoryName a = world.repositoryWithEnvironment("a");
		world.putToken(a);
		world.environment(a).unprotect(Instant.now());

		ApplyReport report = apply(Set.of(a), Planner.Options.DEFAULT);
		assertThat(report.results()).singleElement()
			.satisfies(result -> assertThat(result.item().reason()).isEqualTo(Reason.ENVIRONMENT_UNPROTECTED));
		assertThat(world.decrypted(a)).isNull();
	}

	@Test
	void twoReplicasAtOnceShouldNotBothWrite() throws Exception {
		List<RepositoryName> repositories = List.of(world.repositoryWithEnvironment("r1"),
				world.repositoryWithEnvironment("r2"), world.repositoryWithEnvironment("r3"));
		repositories.forEach(world::putToken);
		Set<RepositoryName> all = Set.copyOf(repositories);
		long createdBefore = world.github.counters().count("PUT", 201);
		Callable<ApplyReport> replica = () -> {
			SyncEngine engine = world.engine();
			SyncLease lease = new SyncLease(new VaultLeaseStore(world.broker, world.layout), java.time.Clock.systemUTC(),
					java.time.Duration.ofSeconds(30));
			var grant = lease.acquire("replica-" + Thread.currentThread().getName() + "-" + world.owner);
			if (grant.isEmpty()) {
				return null;
			}
			try {
				return engine.apply(engine.plan(all, Planner.Options.DEFAULT), grant.get(), result -> {
				});
			}
			finally {
				grant.get().release();
			}
		};
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<ApplyReport>> runs = pool.invokeAll(List.of(replica, replica));
			long applied = 0;
			for (Future<ApplyReport> run : runs) {
				if (run.get() != null) {
					applied += run.get().count(ItemResult.Status.DONE);
				}
			}
			assertThat(applied).as("each binding written once, by whichever replica held the lease").isLessThanOrEqualTo(3);
		}
		finally {
			pool.shutdownNow();
		}
		// Whoever lost the race converges on the next run; the final state equals Vault.
		apply(all, Planner.Options.DEFAULT);
		assertThat(plan(all, Planner.Options.DEFAULT).plan().hasChanges()).isFalse();
		assertThat(world.github.counters().count("PUT", 201) - createdBefore).as("no secret created twice").isEqualTo(3);
	}

}
