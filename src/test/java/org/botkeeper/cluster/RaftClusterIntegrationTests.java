package org.botkeeper.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.botkeeper.devvault.DevVault;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimEnvironment;
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
 * botkeeper on Vault as production runs it: a three-node OpenBao raft cluster behind TLS from a
 * private CA (see {@link RaftCluster}), with the real CLI verifying the servers through
 * {@code VAULT_CACERT}; then the active node killed and a sync through a survivor converging without a
 * second write. GitHub is the simulator, in this JVM.
 */
class RaftClusterIntegrationTests {

	private static final String ENVIRONMENT = "jupyterhub-bot";

	private static final String SECRET = "JUPYTERHUB_BOT_PAT";

	private static RaftCluster cluster;

	private static GitHubSimulator github;

	private static String adminToken;

	private static String brokerToken;

	/** The cluster's configuration and its raft endpoints are OpenBao's; the vault pass runs the dev-server tests. */
	private static boolean openBao() {
		return VaultServerExtension.requestedEngine().orElse(DevVault.Engine.OPENBAO) == DevVault.Engine.OPENBAO;
	}

	@BeforeAll
	static void start() {
		// Not an assumption here: a class skipped in @BeforeAll reports no tests, and .ci/check-skips must see each skip.
		if (!openBao()) {
			return;
		}
		cluster = RaftCluster.start("cluster-it");
		github = GitHubSimulator.start(SimulatorOptions.defaults());
		String writer = LeakCanaries.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		int leader = cluster.leader();
		check(CliRun.withEnv(cluster.cliEnv(leader, cluster.rootToken()), "", "vault", "init"));
		check(CliRun.withEnv(cluster.cliEnv(leader, cluster.rootToken()), writer + "\n", "writer", "set", "--pat"));
		adminToken = token(leader, "botkeeper-admin");
		brokerToken = token(leader, "botkeeper-broker");
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
	void syncThroughTheClusterShouldVerifyTlsWithTheCaFromVaultCacert() {
		String repository = repository("tls");
		int node = cluster.leader();
		String token = putToken(node, repository);

		CliRun sync = botkeeper(cluster.cliEnv(node, brokerToken), "sync", "--yes", repository);

		assertThat(sync.exitCode()).as(sync.describe()).isZero();
		assertThat(pushed(repository)).isEqualTo(token);

		Map<String, String> noCa = new HashMap<>(cluster.cliEnv(node, brokerToken));
		noCa.remove("VAULT_CACERT");
		CliRun refused = botkeeper(noCa, "sync", "--yes", repository);
		assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(refused.err()).contains("TLS handshake with " + cluster.address(node) + " failed")
			.contains("VAULT_CACERT");
	}

	@Test
	void afterTheLeaderIsKilledASyncThroughASurvivorShouldConvergeAndWriteEachVersionOnce() {
		String repository = repository("failover");
		int leader = cluster.leader();
		String token = putToken(leader, repository);
		check(botkeeper(cluster.cliEnv(leader, brokerToken), "sync", "--yes", repository));
		long puts = secretPuts();

		Instant killed = Instant.now();
		cluster.kill(leader);
		int newLeader = cluster.leader();
		System.err.println("raft cluster: node " + newLeader + " took over from node " + leader + " after "
				+ Duration.between(killed, Instant.now()).toMillis() + " ms");
		try {
			int survivor = (newLeader + 1) % 3 == leader ? (newLeader + 2) % 3 : (newLeader + 1) % 3;
			CliRun sync = botkeeper(cluster.cliEnv(survivor, brokerToken), "sync", "--yes", repository);
			assertThat(sync.exitCode()).as(sync.describe()).isZero();
			System.err.println("raft cluster: first sync through a survivor done " + Duration.between(killed, Instant.now())
				.toMillis() + " ms after the kill");
			assertThat(secretPuts()).as("secret writes after the failover").isEqualTo(puts);
			assertThat(pushed(repository)).isEqualTo(token);

			// Writes still work through the standby (the new leader takes them): a new token goes out exactly once.
			String rotated = putToken(survivor, repository);
			check(botkeeper(cluster.cliEnv(survivor, brokerToken), "sync", "--yes", repository));
			check(botkeeper(cluster.cliEnv(survivor, brokerToken), "sync", "--yes", repository));
			assertThat(secretPuts()).as("secret writes for the rotated token").isEqualTo(puts + 1);
			assertThat(pushed(repository)).isEqualTo(rotated);

			CliRun status = botkeeper(cluster.cliEnv(survivor, brokerToken), "status");
			assertThat(status.exitCode()).as(status.describe()).isZero();
			assertThat(status.out()).contains(repository);
		}
		finally {
			cluster.start(leader);
		}
	}

	private static String repository(String name) {
		String repository = "raft-" + name + "/r";
		github.state().addRepository(repository);
		github.state().addEnvironment(repository, ENVIRONMENT);
		return repository;
	}

	private static String putToken(int node, String repository) {
		String token = LeakCanaries.fineGrainedPat();
		check(CliRun.withEnv(cluster.cliEnv(node, adminToken), token + "\n", "token", "put", repository));
		return token;
	}

	private static CliRun botkeeper(Map<String, String> vault, String... args) {
		Map<String, String> env = new HashMap<>(vault);
		env.put("GITHUB_API_URL", github.url());
		env.put("BOTKEEPER_WRITE_GAP", "0s");
		return CliRun.withEnv(env, "", args);
	}

	private static long secretPuts() {
		return github.counters().count("PUT", 201) + github.counters().count("PUT", 204);
	}

	private static String pushed(String repository) {
		SimEnvironment environment = github.state().repository(repository).environment(ENVIRONMENT);
		SimSecret secret = environment == null ? null : environment.secret(SECRET);
		return secret == null ? null : new String(secret.plaintext(), StandardCharsets.UTF_8);
	}

	/** A token bound to {@code policy}, made as root on node {@code node}; a leak canary. */
	private static String token(int node, String policy) {
		return LeakCanaries.plant(cluster.root(node, "POST", "auth/token/create",
				"{\"policies\":[\"" + policy + "\"],\"ttl\":\"1h\"}").path("auth").path("client_token").asString());
	}

	private static void check(CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

}
