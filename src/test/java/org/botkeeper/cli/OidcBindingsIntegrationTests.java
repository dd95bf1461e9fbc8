package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DedicatedVault;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.TestOidcIssuer;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;

/**
 * OIDC bindings on a server of their own (the JWT mount {@code auth/github-actions/} is one per server,
 * and each test starts without it): {@code vault init --github-oidc} points it at the test issuer,
 * which the real server fetches discovery and keys from, as it would from GitHub's.
 */
@ExtendWith(VaultServerExtension.class)
class OidcBindingsIntegrationTests {

	private static DedicatedVault server;

	private static VaultTemplate root;

	private static TestOidcIssuer issuer;

	@BeforeAll
	static void start(VaultFixture shared) {
		server = DedicatedVault.start("oidc", Optional.of(shared.server().engine()));
		root = new VaultTemplate(VaultEndpoint.from(server.server().address()),
				new TokenAuthentication(server.server().rootToken()));
		root.write("sys/policies/acl/botkeeper-operator", Map.of("policy", shared.policyText("botkeeper-operator")));
		issuer = TestOidcIssuer.start();
	}

	@AfterAll
	static void stop() {
		if (issuer != null) {
			issuer.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@BeforeEach
	void withoutJwtMount() {
		if (root.opsForSys().getAuthMounts().containsKey("github-actions/")) {
			root.opsForSys().authUnmount("github-actions");
		}
	}

	@Test
	void initPlanShouldShowTheJwtMountAndItsIssuerAndWriteNothing() {
		CliRun plan = cli(operator(), "vault", "init", "--github-oidc", "--oidc-issuer", issuer.url(), "--plan");

		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.out()).containsPattern("create +auth github-actions/ +JWT \\(GitHub Actions OIDC\\)")
			.containsPattern("create +jwt auth config +issuer " + issuer.url());
		assertThat(root.opsForSys().getAuthMounts()).doesNotContainKey("github-actions/");
	}

	@Test
	void initWithTheOperatorPolicyShouldTrustTheIssuerAndASecondRunShouldChangeNothing() {
		String operator = operator();

		CliRun init = cli(operator, "vault", "init", "--github-oidc", "--oidc-issuer", issuer.url() + "/");
		CliRun again = cli(operator, "vault", "init", "--github-oidc", "--oidc-issuer", issuer.url());

		assertThat(init.exitCode()).as(init.describe()).isZero();
		assertThat(root.opsForSys().getAuthMounts().get("github-actions/").getType()).isEqualTo("jwt");
		Map<String, Object> config = root.read("auth/github-actions/config").getRequiredData();
		assertThat(config).containsEntry("oidc_discovery_url", issuer.url()).containsEntry("bound_issuer", issuer.url());
		assertThat(again.exitCode()).as(again.describe()).isZero();
		assertThat(again.err()).contains("Nothing changed");
	}

	@Test
	void initShouldRefuseToPointTheJwtMountAtAnotherIssuer() {
		cli(operator(), "vault", "init", "--github-oidc", "--oidc-issuer", issuer.url());
		try (TestOidcIssuer other = TestOidcIssuer.start()) {
			CliRun plan = cli(operator(), "vault", "init", "--github-oidc", "--oidc-issuer", other.url(), "--plan");
			CliRun init = cli(operator(), "vault", "init", "--github-oidc", "--oidc-issuer", other.url());

			for (CliRun run : List.of(plan, init)) {
				assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
				assertThat(run.err()).contains("trusts issuer '" + issuer.url() + "', not '" + other.url() + "'")
					.contains("Nothing was changed");
			}
		}
		assertThat(root.read("auth/github-actions/config").getRequiredData())
			.containsEntry("oidc_discovery_url", issuer.url());
	}

	@Test
	void initShouldRefuseABadIssuerBeforeAnyRequest() {
		CliRun alone = cli(operator(), "vault", "init", "--oidc-issuer", issuer.url());
		CliRun clearText = cli(operator(), "vault", "init", "--github-oidc", "--oidc-issuer", "http://issuer.example.org");
		CliRun query = cli(operator(), "vault", "init", "--github-oidc", "--oidc-issuer", "https://issuer.example.org/?a=b");

		assertThat(alone.exitCode()).as(alone.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(alone.err()).contains("--oidc-issuer needs --github-oidc");
		assertThat(clearText.exitCode()).as(clearText.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(clearText.err()).contains("--oidc-issuer");
		assertThat(query.exitCode()).as(query.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(query.err()).contains("--oidc-issuer must be an https URL");
		assertThat(root.opsForSys().getAuthMounts()).doesNotContainKey("github-actions/");
	}

	/** A fresh token with the shipped operator policy and Vault's default, as a real login gets. */
	private static String operator() {
		return token("botkeeper-operator");
	}

	private static String token(String policy) {
		return LeakCanaries.plant(root.write("auth/token/create", Map.of("policies", List.of(policy), "ttl", "10m"))
			.getAuth()
			.get("client_token")
			.toString());
	}

	private static CliRun cli(String token, String... args) {
		Map<String, String> env = Map.of("VAULT_ADDR", server.server().address().toString(), "VAULT_TOKEN", token,
				"HOME", System.getProperty("java.io.tmpdir"));
		return CliRun.withEnv(env, "", args);
	}

}
