package org.botkeeper.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.botkeeper.devvault.DevVault;
import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimSecret;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.githubsim.SimulatorOptions;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.RaftCluster;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * botkeeper on a three-node OpenBao raft cluster as OpenBao 2.7 ships it: standbys answer reads from
 * their own copy ({@code disable_standby_reads = false}), which may lag a write they just passed to the
 * active node. Every sync writes the ledger with check-and-set and reads it back; through a standby that
 * only holds because botkeeper sends the write's {@code X-Vault-Index} back (vault.ReadYourWrites). Vault
 * is real (OpenBao, TLS); GitHub is the simulator.
 */
class StandbyReadsIntegrationTests {

	private static final String ENVIRONMENT = "jupyterhub-bot";

	private static RaftCluster cluster;

	private static GitHubSimulator github;

	private static boolean openBao() {
		return VaultServerExtension.requestedEngine().orElse(DevVault.Engine.OPENBAO) == DevVault.Engine.OPENBAO;
	}

	@BeforeAll
	static void start() {
		// Not an assumption here: a class skipped in @BeforeAll reports no tests, and .ci/check-skips must see each skip.
		if (!openBao()) {
			return;
		}
		cluster = RaftCluster.start("standby-reads", true);
		github = GitHubSimulator.start(SimulatorOptions.defaults());
		String writer = LeakCanaries.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		int leader = cluster.leader();
		check(CliRun.withEnv(cluster.cliEnv(leader, cluster.rootToken()), "", "vault", "init"));
		check(CliRun.withEnv(cluster.cliEnv(leader, cluster.rootToken()), writer + "\n", "writer", "set", "--pat"));
		// vault init ran in another process, whose index this one never saw: wait until every standby holds
		// the mount and the writer, so what the test measures is each run reading its own writes.
		for (int node = 0; node < 3; node++) {
			cluster.awaitAnswer(node, "the writer", "botkeeper/data/writer", body -> body.path("data").path("data").has("token"));
		}
	}

	@BeforeEach
	void onlyOnOpenBao() {
		assumeTrue(openBao(), "the raft cluster is OpenBao's");
	}

	@AfterAll
	static void stop() {
		if (github != null) {
			github.close();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void rotationsSyncedThroughAStandbyThatServesReadsShouldEachGoOutOnce() {
		int standby = (cluster.leader() + 1) % 3;
		Map<String, String> vault = cluster.cliEnv(standby, cluster.rootToken());
		String repository = "standby-reads/r";
		github.state().addRepository(repository);
		github.state().addEnvironment(repository, ENVIRONMENT);
		long before = secretPuts();

		for (int round = 1; round <= 5; round++) {
			String token = LeakCanaries.fineGrainedPat();
			check(CliRun.withEnv(vault, token + "\n", "token", "put", repository));
			// Straight after its own write: the ledger read back through the standby must be the one just written.
			CliRun sync = botkeeper(vault, "sync", "--yes", repository);
			CliRun again = botkeeper(vault, "sync", "--yes", repository);

			assertThat(sync.exitCode()).as("round " + round + ": " + sync.describe()).isZero();
			assertThat(again.exitCode()).as("round " + round + ": " + again.describe()).isZero();
			assertThat(again.err()).as("round " + round).contains("Nothing to do: every binding is up to date");
			assertThat(pushed(repository)).as("round " + round).isEqualTo(token);
			assertThat(secretPuts() - before).as("one write per rotation").isEqualTo(round);
		}
	}

	private static CliRun botkeeper(Map<String, String> vault, String... args) {
		Map<String, String> env = new HashMap<>(vault);
		env.put("GITHUB_API_URL", github.url());
		env.put("BOTKEEPER_WRITE_GAP", "0s");
		CliRun run = CliRun.withEnv(env, "", args);
		LeakCanaries.assertNoLeak(run.describe(), run.out() + run.err());
		return run;
	}

	private static long secretPuts() {
		return github.counters().count("PUT", 201) + github.counters().count("PUT", 204);
	}

	private static String pushed(String repository) {
		SimSecret secret = github.state().repository(repository).environment(ENVIRONMENT).secret("JUPYTERHUB_BOT_PAT");
		return secret == null ? null : new String(secret.plaintext(), StandardCharsets.UTF_8);
	}

	private static void check(CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

}
