package org.botkeeper.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.botkeeper.devvault.DevVault;
import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimEnvironment;
import org.botkeeper.githubsim.SimSecret;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.githubsim.SimulatorOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the raft integration tests share, as a JUnit extension a class registers once
 * ({@code @RegisterExtension static final RaftWorld WORLD = new RaftWorld(NAME, standbyReads)}): a
 * {@link RaftCluster} on which {@code botkeeper vault init} ran and a writer PAT is stored, the GitHub
 * simulator in this JVM, and the real CLI pointed at both. The cluster is OpenBao's: on the HashiCorp Vault
 * pass nothing starts and each test is skipped (in {@code beforeEach}, not in {@code beforeAll}: a class
 * skipped there reports no tests, and {@code .ci/check-skips} must see each skip).
 */
public final class RaftWorld implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

	public static final String ENVIRONMENT = "jupyterhub-bot";

	public static final String SECRET = "JUPYTERHUB_BOT_PAT";

	private final String name;

	private final boolean standbyReads;

	private RaftCluster cluster;

	private GitHubSimulator github;

	/** @param standbyReads see {@link RaftCluster#start(String, boolean)} */
	public RaftWorld(String name, boolean standbyReads) {
		this.name = name;
		this.standbyReads = standbyReads;
	}

	/** Whether this pass runs OpenBao, whose configuration and raft endpoints the cluster uses. */
	public static boolean openBao() {
		return VaultServerExtension.requestedEngine().orElse(DevVault.Engine.OPENBAO) == DevVault.Engine.OPENBAO;
	}

	/**
	 * Starts the cluster and the simulator, and runs {@code vault init} and {@code writer set} as root through
	 * the active node; before the class's own {@code @BeforeAll} methods.
	 */
	@Override
	public void beforeAll(ExtensionContext context) {
		if (!openBao()) {
			return;
		}
		cluster = RaftCluster.start(name, standbyReads);
		github = GitHubSimulator.start(SimulatorOptions.defaults());
		String writer = LeakCanaries.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		int leader = cluster.leader();
		check(CliRun.withEnv(cluster.cliEnv(leader, cluster.rootToken()), "", "vault", "init"));
		check(CliRun.withEnv(cluster.cliEnv(leader, cluster.rootToken()), writer + "\n", "writer", "set", "--pat"));
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		assumeTrue(openBao(), "the raft cluster is OpenBao's");
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (github != null) {
			github.close();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	public RaftCluster cluster() {
		return cluster;
	}

	public GitHubSimulator github() {
		return github;
	}

	/** A repository {@code raft-NAME/r} with the bot's environment, on the simulator. */
	public String repository(String name) {
		String repository = "raft-" + name + "/r";
		github.state().addRepository(repository);
		github.state().addEnvironment(repository, ENVIRONMENT);
		return repository;
	}

	/** The real CLI with {@code vault} (a cluster's {@link RaftCluster#cliEnv}) and this simulator; no leak in its output. */
	public CliRun botkeeper(Map<String, String> vault, String... args) {
		Map<String, String> env = new HashMap<>(vault);
		env.put("GITHUB_API_URL", github.url());
		env.put("BOTKEEPER_WRITE_GAP", "0s");
		return CliRun.withEnv(env, "", args);
	}

	/** Secret writes GitHub took so far. */
	public long secretPuts() {
		return github.counters().count("PUT", 201) + github.counters().count("PUT", 204);
	}

	/** The token GitHub holds in {@code repository}'s environment secret, or null. */
	public String pushed(String repository) {
		SimEnvironment environment = github.state().repository(repository).environment(ENVIRONMENT);
		SimSecret secret = environment == null ? null : environment.secret(SECRET);
		return secret == null ? null : new String(secret.plaintext(), StandardCharsets.UTF_8);
	}

	/** A token bound to {@code policy}, made as root on node {@code node}; a leak canary. */
	public String token(int node, String policy) {
		return LeakCanaries.plant(cluster.root(node, "POST", "auth/token/create",
				"{\"policies\":[\"" + policy + "\"],\"ttl\":\"1h\"}").path("auth").path("client_token").asString());
	}

	public static void check(CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

}
