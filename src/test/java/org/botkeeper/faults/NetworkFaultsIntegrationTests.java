package org.botkeeper.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * heals. Each fault must show that it happened: the run or an item fails, the cause names the cut, the
 * timeout or the reset, and GitHub saw an exchange more often than a fault-free run sends it (a retry).
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class NetworkFaultsIntegrationTests {

	private static Toxiproxy toxiproxy;

	private static String githubUrl;

	private static String vaultUrl;

	/**
	 * The requests a fault-free run of two new bindings sends through the proxies, by exchange (method and
	 * path, the owner replaced by {@code OWNER}); measured once.
	 */
	private static Map<String, Long> baseline;

	private SyncWorld world;

	private VaultFixture vault;

	private GitHubContract github;

	private final Map<RepositoryName, String> tokens = new LinkedHashMap<>();

	private static final GitHubLimits LIMITS = GitHubLimits.defaults().withReadTimeout(Duration.ofSeconds(1));

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		if (toxiproxy == null) {
			toxiproxy = Toxiproxy.start();
			URI simulator = github.prism().url();
			githubUrl = "http://127.0.0.1:" + toxiproxy.proxy("github", "127.0.0.1:" + simulator.getPort());
			URI server = vault.server().address();
			vaultUrl = "http://127.0.0.1:" + toxiproxy.proxy("vault", "127.0.0.1:" + server.getPort());
		}
		this.vault = vault;
		this.github = github;
		world = new SyncWorld(vault, github);
		twoBindings(world, tokens);
	}

	private static void twoBindings(SyncWorld world, Map<RepositoryName, String> tokens) {
		for (int i = 1; i <= 2; i++) {
			RepositoryName repository = world.repositoryWithEnvironment("n" + i);
			tokens.put(repository, world.putToken(repository));
		}
	}

	/**
	 * What reaches GitHub when the same two bindings are synced with no fault, exchange by exchange: a
	 * run that retried sends some exchange more often. Measured on a world of its own, through the same
	 * proxies.
	 */
	private Map<String, Long> baseline() {
		if (baseline == null) {
			SyncWorld clean = new SyncWorld(vault, github);
			Map<RepositoryName, String> cleanTokens = new LinkedHashMap<>();
			twoBindings(clean, cleanTokens);
			SyncEngine engine = clean.engine(clean.vaultAt(vaultUrl, clean.brokerToken), clean.writerAt(githubUrl, LIMITS));
			Map<String, Long> before = github.simulator().counters().byPath();
			ApplyReport report = engine.apply(engine.plan(cleanTokens.keySet(), Planner.Options.DEFAULT), WriteFence.NONE,
					result -> {
					});
			assertThat(report.succeeded()).as("the fault-free baseline run: " + report).isTrue();
			baseline = sentSince(before, clean.owner);
			assertThat(baseline).as("the baseline reached GitHub").isNotEmpty();
		}
		return baseline;
	}

	/** The exchanges sent since {@code before}, with {@code owner} replaced by {@code OWNER}. */
	private Map<String, Long> sentSince(Map<String, Long> before, String owner) {
		Map<String, Long> sent = new java.util.TreeMap<>();
		github.simulator().counters().byPath().forEach((exchange, count) -> {
			long added = count - before.getOrDefault(exchange, 0L);
			if (added > 0) {
				sent.merge(exchange.replace("/" + owner + "/", "/OWNER/"), added, Long::sum);
			}
		});
		return sent;
	}

	/**
	 * The exchanges of the fault-free run that {@code attempt} sent more often (its retries), with both
	 * counts. Exchanges only a failing run sends (the reachability probe) do not count.
	 */
	private List<String> sentMoreOftenThanWithoutFault(Attempt attempt) {
		List<String> more = new ArrayList<>();
		baseline().forEach((exchange, without) -> {
			long count = attempt.sent().getOrDefault(exchange, 0L);
			if (count > without) {
				more.add(exchange + ": " + count + " (without the fault: " + without + ")");
			}
		});
		return more;
	}

	@AfterAll
	static void stop() {
		if (toxiproxy != null) {
			toxiproxy.close();
			toxiproxy = null;
			baseline = null;
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

	/**
	 * What one sync under a fault did: its report, or the exception that ended it; how long it took; how
	 * often each exchange reached GitHub (retries included).
	 */
	private record Attempt(ApplyReport report, Throwable failure, Duration took, Map<String, Long> sent) {

		/** True when a person would see the fault: the run failed, or an item did. */
		boolean failedVisibly() {
			return failure != null || report.count(ItemResult.Status.FAILED) > 0 || report.abortedBecause().isPresent();
		}

		/** The exception's causes and the FAILED items' messages, where a timeout or a cut shows. */
		String evidence() {
			StringBuilder text = new StringBuilder();
			for (Throwable t = failure; t != null; t = t.getCause()) {
				text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
			}
			if (report != null) {
				report.results().forEach(result -> text.append(result.status()).append(' ').append(result.message()).append('\n'));
				report.abortedBecause().ifPresent(reason -> text.append("aborted: ").append(reason).append('\n'));
			}
			return text.toString();
		}

		@Override
		public String toString() {
			return "took " + took.toMillis() + " ms, sent to GitHub " + sent + ":\n" + evidence();
		}

	}

	/** Runs a sync that may fail as a whole; its failure must be one of botkeeper's typed ones, with a message. */
	private Attempt attempt() {
		Map<String, Long> before = github.simulator().counters().byPath();
		long started = System.nanoTime();
		ApplyReport[] report = { null };
		Throwable failure = catchThrowable(() -> report[0] = run(proxiedEngine()));
		Attempt attempt = new Attempt(report[0], failure, Duration.ofNanos(System.nanoTime() - started),
				sentSince(before, world.owner));
		if (failure != null) {
			assertThat(failure).as(attempt.toString()).isInstanceOfAny(ItemFailedException.class, RunAbortedException.class,
					GitHubException.class, org.botkeeper.vault.VaultException.class);
			assertThat(failure.getMessage()).isNotBlank();
		}
		return attempt;
	}

	@Test
	void gitHubAnswersCutMidBodyShouldFailWithinBoundsAndConvergeOnceHealed() {
		baseline();
		toxiproxy.toxic("github", "cut", "limit_data", "downstream", "\"bytes\":150");
		Attempt attempt;
		try {
			attempt = attempt();
			assertNothingConfirmedThatDidNotLand();
		}
		finally {
			toxiproxy.removeToxic("github", "cut");
		}
		assertThat(attempt.took()).as("bounded retries; " + attempt).isLessThan(Duration.ofSeconds(30));
		assertThat(attempt.failedVisibly()).as("the cut answers fail the run or an item; " + attempt).isTrue();
		assertThat(attempt.evidence()).as("the cut connection, not a timeout, named as the cause")
			.containsPattern("EOFException|connection closed|Connection reset")
			.doesNotContain("HttpTimeoutException");
		assertThat(sentMoreOftenThanWithoutFault(attempt))
			.as("retried: an exchange sent more often than in the fault-free run " + baseline() + "; " + attempt)
			.isNotEmpty();
		assertConvergesOnceHealed();
	}

	@Test
	void gitHubSlowerThanTheReadTimeoutShouldFailWithinBoundsAndConvergeOnceHealed() {
		baseline();
		toxiproxy.toxic("github", "slow", "latency", "downstream", "\"latency\":1500");
		Attempt attempt;
		try {
			attempt = attempt();
			assertNothingConfirmedThatDidNotLand();
		}
		finally {
			toxiproxy.removeToxic("github", "slow");
		}
		assertThat(attempt.took()).as("read timeout of 1 s, bounded retries; " + attempt).isLessThan(Duration.ofSeconds(30));
		assertThat(attempt.failedVisibly()).as("the timeouts fail the run or an item; " + attempt).isTrue();
		assertThat(attempt.evidence()).as("the read timeout named as the cause").contains("HttpTimeoutException");
		assertThat(sentMoreOftenThanWithoutFault(attempt))
			.as("retried: an exchange sent more often than in the fault-free run " + baseline() + "; " + attempt)
			.isNotEmpty();
		assertConvergesOnceHealed();
	}

	@Test
	void vaultConnectionsResetShouldStopTheRunBeforeAnyGitHubWrite() {
		long mutating = github.simulator().counters().mutatingRequests();
		toxiproxy.toxic("vault", "reset", "reset_peer", "downstream", "\"timeout\":0");
		Attempt attempt;
		try {
			attempt = attempt();
			assertThat(github.simulator().counters().mutatingRequests()).as("no GitHub write from partial data")
				.isEqualTo(mutating);
		}
		finally {
			toxiproxy.removeToxic("vault", "reset");
		}
		assertThat(attempt.took()).as(attempt.toString()).isLessThan(Duration.ofSeconds(30));
		assertThat(attempt.failure()).as("the run stops; " + attempt).isNotNull();
		assertThat(attempt.evidence()).as("Vault named as unreachable, the reset as the cause")
			.contains("cannot reach Vault at " + vaultUrl)
			.contains("Connection reset");
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
