package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.OidcWorld;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scheduled broker end to end: {@code sync --yes} as the shipped workflow runs it, with only what
 * GitHub Actions gives the job (the OIDC token request variables, no Vault token), logs in as the role
 * {@code oidc broker} wrote and pushes the tokens to the simulator. On a server of its own: the JWT
 * mount {@code auth/github-actions/} is one per server and trusts this test's issuer.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class OidcBrokerSyncIntegrationTests {

	private static final String WORKFLOW = ".github/workflows/botkeeper-sync.yml@refs/heads/main";

	@AutoClose
	private static OidcWorld oidc;

	private SyncWorld world;

	private RepositoryName infra;

	private String requestToken;

	@BeforeAll
	static void start(VaultFixture shared) {
		oidc = OidcWorld.start("oidc-sync", shared);
	}

	/** vault init with the JWT mount, then the broker's role for this test's infrastructure repository. */
	@BeforeEach
	void setUp(GitHubContract github) {
		world = new SyncWorld(oidc.fixture(), github);
		world.storeWriter();
		world.expireLeaseIfHeld();
		infra = RepositoryName.parse(world.owner + "/infra");
		for (CliRun run : new CliRun[] { oidc.initAsRoot(),
				oidc.rootCli().run("oidc", "broker", infra.toString(), "--repository-id", "201", "--owner-id", "7",
						"--workflow-ref", infra + "/" + WORKFLOW) }) {
			assertThat(run.exitCode()).as(run.describe()).isZero();
		}
		requestToken = LeakCanaries.plant("actions-request-" + UUID.randomUUID());
	}

	@Test
	void aScheduledRunShouldLogInWithItsOidcTokenAloneAndPushEveryToken() {
		RepositoryName a = world.repositoryWithEnvironment("a");
		RepositoryName b = world.repositoryWithEnvironment("b");
		String tokenA = world.putToken(a);
		String tokenB = world.putToken(b);

		CliRun sync = scheduledRun(claims(infra + "/" + WORKFLOW), "sync", "--yes", a.toString(), b.toString());

		assertThat(sync.exitCode()).as(sync.describe()).isZero();
		assertThat(world.decrypted(a)).as("what the simulator received for a").isEqualTo(tokenA);
		assertThat(world.decrypted(b)).as("what the simulator received for b").isEqualTo(tokenB);
		assertThat(sync.out() + sync.err()).doesNotContain(requestToken).doesNotContain("eyJ");
	}

	@Test
	void aJobOfAnotherWorkflowShouldBeRefusedClearlyAndPushNothing() {
		RepositoryName a = world.repositoryWithEnvironment("a");
		world.putToken(a);
		long mutating = world.github.counters().mutatingRequests();

		CliRun sync = scheduledRun(claims(infra + "/.github/workflows/pr.yml@refs/heads/main"), "sync", "--yes",
				a.toString());

		assertThat(sync.exitCode()).as(sync.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(sync.err()).contains("Vault refused the JWT login as role 'botkeeper-broker-actions'")
			.contains("job_workflow_ref");
		assertThat(world.github.counters().mutatingRequests()).as("nothing pushed").isEqualTo(mutating);
		assertThat(world.decrypted(a)).isNull();
		assertThat(sync.out() + sync.err()).doesNotContain(requestToken).doesNotContain("eyJ");
	}

	/** What GitHub gives a scheduled run of the infrastructure repository's {@code workflowRef} on main. */
	private Map<String, Object> claims(String workflowRef) {
		Map<String, Object> claims = new LinkedHashMap<>(oidc.issuer().claims(infra.toString(), 201, 7, null,
				"https://github.com/" + world.owner));
		claims.put("job_workflow_ref", workflowRef);
		claims.put("event_name", "schedule");
		return claims;
	}

	/**
	 * The CLI as the shipped workflow's sync step runs: VAULT_ADDR, GitHub's API, the role, and the
	 * Actions token request variables GitHub sets for a job with id-token: write; no Vault token.
	 */
	private CliRun scheduledRun(Map<String, Object> claims, String... args) {
		return VaultCli.as(oidc.fixture(), "unused")
			.with("VAULT_TOKEN", null)
			.with("GITHUB_API_URL", world.apiUrl())
			.with("BOTKEEPER_VAULT_JWT_ROLE", "botkeeper-broker-actions")
			.with("ACTIONS_ID_TOKEN_REQUEST_URL", oidc.issuer().serveActionsToken(requestToken, claims))
			.with("ACTIONS_ID_TOKEN_REQUEST_TOKEN", requestToken)
			.run(args);
	}

}
