package org.botkeeper.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.botkeeper.github.GitHubException;
import org.botkeeper.github.GitHubLimits;
import org.botkeeper.sync.ApplyReport;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.WriteFence;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.Toxiproxy;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Network faults between botkeeper and its servers, through a real TCP fault proxy (toxiproxy):
 * answers cut mid-body, answers slower than the read timeout, Vault connections reset. Each ends in
 * a typed error within a bound and no unconfirmed write recorded, and converges once the network
 * heals.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class NetworkFaultsIntegrationTests {

	private static Toxiproxy toxiproxy;

	private static String githubUrl;

	private static String vaultUrl;

	private SyncWorld world;

	private final Map<RepositoryName, String> tokens = new LinkedHashMap<>();

	private static final GitHubLimits LIMITS = GitHubLimits.defaults().withReadTimeout(Duration.ofSeconds(1));

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		if (toxiproxy == null) {
			toxiproxy = Toxiproxy.start();
			URI simulator = URI.create(github.simulator().url());
			githubUrl = "http://127.0.0.1:" + toxiproxy.proxy("github", "127.0.0.1:" + simulator.getPort());
			URI server = vault.server().address();
			vaultUrl = "http://127.0.0.1:" + toxiproxy.proxy("vault", "127.0.0.1:" + server.getPort());
		}
		world = new SyncWorld(vault, github);
		for (int i = 1; i <= 2; i++) {
			RepositoryName repository = world.repositoryWithEnvironment("n" + i);
			tokens.put(repository, world.putToken(repository));
		}
	}

	@AfterAll
	static void stop() {
		if (toxiproxy != null) {
			toxiproxy.close();
			toxiproxy = null;
		}
	}

	private SyncEngine proxiedEngine() {
		return world.engine(world.vaultAt(vaultUrl, world.brokerToken), world.writerAt(githubUrl, LIMITS));
	}

	private ApplyReport run(SyncEngine engine) {
		return engine.apply(engine.plan(tokens.keySet(), Planner.Options.DEFAULT), WriteFence.NONE, result -> {
		});
	}

	private void assertConvergesOnceHealed() {
		ApplyReport report = run(proxiedEngine());
		assertThat(report.succeeded()).as(report.toString()).isTrue();
		tokens.forEach((repository, token) -> assertThat(world.decrypted(repository)).isEqualTo(token));
		assertThat(proxiedEngine().plan(tokens.keySet(), Planner.Options.DEFAULT).plan().hasChanges()).isFalse();
		world.ledger().values().forEach(entry -> assertThat(entry.outcome()).isEqualTo(LedgerEntry.Outcome.SYNCED));
	}

	private void assertNothingConfirmedThatDidNotLand() {
		world.ledger().forEach((repository, entry) -> {
			if (entry.outcome() == LedgerEntry.Outcome.SYNCED) {
				assertThat(world.decrypted(repository)).isEqualTo(tokens.get(repository));
			}
		});
	}

	/** Runs a sync that may fail as a whole; returns how long it took. */
	private Duration attempt() {
		long started = System.nanoTime();
		Throwable failure = catchThrowable(() -> {
			ApplyReport report = run(proxiedEngine());
			assertThat(report.results()).allSatisfy(result -> assertThat(result.status())
				.isIn(ItemResult.Status.FAILED, ItemResult.Status.SKIPPED, ItemResult.Status.DONE));
		});
		if (failure != null) {
			assertThat(failure).isInstanceOfAny(ItemFailedException.class, RunAbortedException.class, GitHubException.class,
					org.botkeeper.vault.VaultException.class);
			assertThat(failure.getMessage()).isNotBlank();
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	@Test
	void gitHubAnswersCutMidBodyShouldFailWithinBoundsAndConvergeOnceHealed() {
		toxiproxy.toxic("github", "cut", "limit_data", "downstream", "\"bytes\":150");
		try {
			assertThat(attempt()).as("bounded retries").isLessThan(Duration.ofSeconds(30));
			assertNothingConfirmedThatDidNotLand();
		}
		finally {
			toxiproxy.removeToxic("github", "cut");
		}
		assertConvergesOnceHealed();
	}

	@Test
	void gitHubSlowerThanTheReadTimeoutShouldFailWithinBoundsAndConvergeOnceHealed() {
		toxiproxy.toxic("github", "slow", "latency", "downstream", "\"latency\":1500");
		try {
			assertThat(attempt()).as("read timeout of 1 s, bounded retries").isLessThan(Duration.ofSeconds(30));
			assertNothingConfirmedThatDidNotLand();
		}
		finally {
			toxiproxy.removeToxic("github", "slow");
		}
		assertConvergesOnceHealed();
	}

	@Test
	void vaultConnectionsResetShouldStopTheRunBeforeAnyGitHubWrite(GitHubContract github) {
		long mutating = github.simulator().counters().mutatingRequests();
		toxiproxy.toxic("vault", "reset", "reset_peer", "downstream", "\"timeout\":0");
		try {
			assertThat(attempt()).isLessThan(Duration.ofSeconds(30));
			assertThat(github.simulator().counters().mutatingRequests()).as("no GitHub write from partial data")
				.isEqualTo(mutating);
		}
		finally {
			toxiproxy.removeToxic("vault", "reset");
		}
		assertConvergesOnceHealed();
	}

	@Test
	void slowButAnsweringServersShouldStillConverge() {
		toxiproxy.toxic("vault", "slow", "latency", "downstream", "\"latency\":50");
		toxiproxy.toxic("github", "slow", "latency", "downstream", "\"latency\":50");
		try {
			assertConvergesOnceHealed();
		}
		finally {
			toxiproxy.removeToxic("vault", "slow");
			toxiproxy.removeToxic("github", "slow");
		}
	}


}
