package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.OidcWorld;
import org.botkeeper.testsupport.TestOidcIssuer;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultHttp;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultLayout;
import org.botkeeper.vault.VaultLedger;
import org.botkeeper.vault.VaultSettings;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * OIDC bindings on a server of their own (the JWT mount {@code auth/github-actions/} is one per server,
 * and each test starts without it): {@code vault init --github-oidc} points it at the test issuer,
 * which the real server fetches discovery and keys from, as it would from GitHub's.
 */
@ExtendWith(VaultServerExtension.class)
class OidcBindingsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@AutoClose
	private static OidcWorld oidc;

	private static VaultTemplate root;

	private static String brokerPolicy;

	@BeforeAll
	static void start(VaultFixture shared) {
		oidc = OidcWorld.start("oidc", shared);
		root = new VaultTemplate(VaultEndpoint.from(oidc.address()), new TokenAuthentication(oidc.rootToken()));
		root.write("sys/policies/acl/botkeeper-operator", Map.of("policy", shared.policyText("botkeeper-operator")));
		root.write("sys/policies/acl/botkeeper-admin", Map.of("policy", shared.policyText("botkeeper-admin")));
		brokerPolicy = shared.policyText("botkeeper-broker");
	}

	@BeforeEach
	void withoutJwtMountOrRolePolicies() {
		if (root.opsForSys().getAuthMounts().containsKey("github-actions/")) {
			root.opsForSys().authUnmount("github-actions");
		}
		root.list("sys/policies/acl").stream()
			.filter(name -> name.startsWith("botkeeper-oidc-") || name.startsWith("botkeeper-broker"))
			.forEach(name -> root.delete("sys/policies/acl/" + name));
	}

	@Test
	void initPlanShouldShowTheJwtMountAndItsIssuerAndWriteNothing() {
		CliRun plan = cli(operator(), "vault", "init", "--github-oidc", "--oidc-issuer", oidc.issuer().url(), "--plan");

		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.out()).containsPattern("create +auth github-actions/ +JWT \\(GitHub Actions OIDC\\)")
			.containsPattern("create +jwt auth config +issuer " + oidc.issuer().url());
		assertThat(root.opsForSys().getAuthMounts()).doesNotContainKey("github-actions/");
	}

	@Test
	void initWithTheOperatorPolicyShouldTrustTheIssuerAndASecondRunShouldChangeNothing() {
		String operator = operator();

		CliRun init = cli(operator, "vault", "init", "--github-oidc", "--oidc-issuer", oidc.issuer().url() + "/");
		CliRun again = cli(operator, "vault", "init", "--github-oidc", "--oidc-issuer", oidc.issuer().url());

		assertThat(init.exitCode()).as(init.describe()).isZero();
		assertThat(root.opsForSys().getAuthMounts().get("github-actions/").getType()).isEqualTo("jwt");
		Map<String, Object> config = root.read("auth/github-actions/config").getRequiredData();
		assertThat(config).containsEntry("oidc_discovery_url", oidc.issuer().url())
			.containsEntry("bound_issuer", oidc.issuer().url());
		assertThat(again.exitCode()).as(again.describe()).isZero();
		assertThat(again.err()).contains("Nothing changed");
	}

	@Test
	void initShouldRefuseToPointTheJwtMountAtAnotherIssuer() {
		cli(operator(), "vault", "init", "--github-oidc", "--oidc-issuer", oidc.issuer().url());
		try (TestOidcIssuer other = TestOidcIssuer.start()) {
			CliRun plan = cli(operator(), "vault", "init", "--github-oidc", "--oidc-issuer", other.url(), "--plan");
			CliRun init = cli(operator(), "vault", "init", "--github-oidc", "--oidc-issuer", other.url());

			for (CliRun run : List.of(plan, init)) {
				assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
				assertThat(run.err()).contains("trusts issuer '" + oidc.issuer().url() + "', not '" + other.url() + "'")
					.contains("Nothing was changed");
			}
		}
		assertThat(root.read("auth/github-actions/config").getRequiredData())
			.containsEntry("oidc_discovery_url", oidc.issuer().url());
	}

	@Test
	void initShouldRefuseABadIssuerBeforeAnyRequest() {
		CliRun alone = cli(operator(), "vault", "init", "--oidc-issuer", oidc.issuer().url());
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

	@Test
	void enablePlanShouldShowThePolicyTheRoleAndTheWorkflowStepAndWriteNothing() {
		init();

		CliRun plan = cli(operator(), "oidc", "enable", "Acme/App", "--environment", "production", "--repository-id",
				"101", "--owner-id", "7", "--plan", "--wide");

		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.out()).startsWith("WOULD")
			.containsPattern("create +policy botkeeper-oidc-acme--app +reads botkeeper/data/tokens/acme/app only")
			.containsPattern("create +jwt role botkeeper-oidc-acme--app +environment=production, repository=Acme/App, "
					+ "repository_id=101, repository_owner_id=7, audience botkeeper, token ttl 5m")
			.contains("policy botkeeper-oidc-acme--app (new):\n  + botkeeper/data/tokens/acme/app: read\n")
			.contains("      environment: production\n").contains("        id-token: write\n")
			.contains("            method: jwt\n            path: github-actions\n"
					+ "            role: botkeeper-oidc-acme--app\n            jwtGithubAudience: botkeeper\n")
			.contains("              botkeeper/data/tokens/acme/app token | BOT_TOKEN");
		assertThat(plan.err()).contains("nothing was written");
		assertThat(root.read("sys/policies/acl/botkeeper-oidc-acme--app")).isNull();
		assertThat(root.read("auth/github-actions/role/botkeeper-oidc-acme--app")).isNull();
	}

	@Test
	void theWorkflowStepShouldQuoteAnEnvironmentThatIsNotAPlainYamlWord() {
		init();

		CliRun plan = cli(operator(), "oidc", "enable", "acme/app", "--environment", "prod: it's eu", "--repository-id",
				"101", "--owner-id", "7", "--plan");

		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.out()).contains("      environment: 'prod: it''s eu'\n")
			.contains("            jwtGithubAudience: botkeeper\n");
	}

	@Test
	void enableListAndDisableShouldManageOneRoleAndItsPolicyIdempotently() {
		init();
		String operator = operator();
		String[] enable = { "oidc", "enable", "acme/app", "--environment", "production", "--repository-id", "101",
				"--owner-id", "7", "--workflow-ref", "acme/app/.github/workflows/release.yml@refs/heads/main" };

		CliRun first = cli(operator, enable);
		CliRun again = cli(operator, enable);
		CliRun list = cli(operator, "oidc", "list");
		CliRun json = cli(operator, "oidc", "list", "--format", "json");

		assertThat(first.exitCode()).as(first.describe()).isZero();
		assertThat(first.err()).contains("Workflows of acme/app in environment production can read its token");
		Map<String, Object> role = root.read("auth/github-actions/role/botkeeper-oidc-acme--app").getRequiredData();
		assertThat(role).containsEntry("role_type", "jwt").containsEntry("user_claim", "sub");
		assertThat(role.get("bound_audiences")).isEqualTo(List.of("botkeeper"));
		assertThat(role.get("token_policies")).isEqualTo(List.of("botkeeper-oidc-acme--app"));
		assertThat(((Number) role.get("token_ttl")).longValue()).isEqualTo(300);
		assertThat(role.get("bound_claims").toString()).contains("repository_id=101").contains("repository_owner_id=7")
			.contains("environment=production").contains("repository=acme/app")
			.contains("job_workflow_ref=acme/app/.github/workflows/release.yml@refs/heads/main");
		assertThat(root.read("sys/policies/acl/botkeeper-oidc-acme--app").getRequiredData().get("policy").toString())
			.contains("path \"botkeeper/data/tokens/acme/app\" {\n  capabilities = [\"read\"]\n}");
		assertThat(again.exitCode()).as(again.describe()).isZero();
		assertThat(again.err()).contains("Nothing changed");
		assertThat(list.exitCode()).as(list.describe()).isZero();
		assertThat(list.out()).containsPattern("acme/app +production +acme/app/.github/workflows/release.yml@refs/heads/main "
				+ "+botkeeper +botkeeper-oidc-acme--app");
		assertThat(json.out()).contains("\"role\" : \"botkeeper-oidc-acme--app\"").contains("\"repository_id\" : \"101\"");

		CliRun plan = cli(operator, "oidc", "disable", "acme/app", "--plan");
		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.out()).containsPattern("delete +jwt role botkeeper-oidc-acme--app")
			.containsPattern("delete +policy botkeeper-oidc-acme--app");
		assertThat(root.read("auth/github-actions/role/botkeeper-oidc-acme--app")).isNotNull();

		CliRun disable = cli(operator, "oidc", "disable", "acme/app");
		CliRun twice = cli(operator, "oidc", "disable", "acme/app");
		CliRun empty = cli(operator, "oidc", "list");

		assertThat(disable.exitCode()).as(disable.describe()).isZero();
		assertThat(root.read("auth/github-actions/role/botkeeper-oidc-acme--app")).isNull();
		assertThat(root.read("sys/policies/acl/botkeeper-oidc-acme--app")).isNull();
		assertThat(twice.exitCode()).as(twice.describe()).isZero();
		assertThat(twice.err()).contains("Nothing changed: acme/app has no OIDC role");
		assertThat(empty.out()).doesNotContain("acme/app");
		assertThat(empty.err()).contains("No OIDC roles yet");
	}

	@Test
	void twoRolesShouldNeverRequireTheSameClaims() {
		init();
		String[] enable = { "oidc", "enable", "acme/app", "--environment", "production", "--repository-id", "101",
				"--owner-id", "7" };
		cli(operator(), enable);
		Map<String, String> otherMounts = Map.of("BOTKEEPER_KV_MOUNT", "bots-other");

		CliRun same = cli(operator(), otherMounts, enable);

		assertThat(same.exitCode()).as(same.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(same.err()).contains("JWT role 'botkeeper-oidc-acme--app' already requires exactly these claims")
			.contains("Nothing was changed");
		assertThat(root.read("auth/github-actions/role/botkeeper-oidc-bots-other-acme--app")).isNull();

		CliRun otherEnvironment = cli(operator(), otherMounts, "oidc", "enable", "acme/app", "--environment", "staging",
				"--repository-id", "101", "--owner-id", "7");

		assertThat(otherEnvironment.exitCode()).as(otherEnvironment.describe()).isZero();
		assertThat(root.read("auth/github-actions/role/botkeeper-oidc-bots-other-acme--app")).isNotNull();
	}

	@Test
	void enableShouldRefuseBadInputAndAMissingJwtMountClearly() {
		CliRun badName = cli(operator(), "oidc", "enable", "acme", "--environment", "production", "--repository-id", "1",
				"--owner-id", "2");
		CliRun badId = cli(operator(), "oidc", "enable", "acme/app", "--environment", "production", "--repository-id",
				"acme", "--owner-id", "2");
		CliRun badRef = cli(operator(), "oidc", "enable", "acme/app", "--environment", "production", "--repository-id",
				"1", "--owner-id", "2", "--workflow-ref", "release.yml");
		CliRun noEnvironment = cli(operator(), "oidc", "enable", "acme/app", "--repository-id", "1", "--owner-id", "2");
		CliRun noMount = cli(operator(), "oidc", "enable", "acme/app", "--environment", "production", "--repository-id",
				"1", "--owner-id", "2");
		CliRun listNoMount = cli(operator(), "oidc", "list");

		for (CliRun run : List.of(badName, badId, badRef, noEnvironment)) {
			assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		}
		assertThat(badName.err()).contains("acme");
		assertThat(badId.err()).contains("--repository-id 'acme' is not a GitHub id");
		assertThat(badRef.err()).contains("--workflow-ref 'release.yml' is not a job_workflow_ref");
		assertThat(noEnvironment.err()).contains("--environment");
		for (CliRun run : List.of(noMount, listNoMount)) {
			assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(run.err()).contains("no JWT auth method at 'github-actions/'")
				.contains("botkeeper vault init --github-oidc");
		}
	}

	@Test
	void enableWithoutAnEnvironmentShouldBindTheOneTheBrokerLastPushedToWhenTheLedgerSaysSo() {
		init();
		// The ledger as the broker writes it after pushing acme/app's token to environment production-eu.
		VaultConnection asRoot = VaultConnection.open(VaultSettings.fromEnvironment(
				Map.of("VAULT_ADDR", oidc.address().toString(), "VAULT_TOKEN", oidc.rootToken())));
		Binding pushed = new Binding(RepositoryName.parse("acme/app"), new EnvironmentName("production-eu"),
				new SecretName("BOT_TOKEN"));
		new VaultLedger(asRoot, VaultLayout.defaults())
			.compareAndSet(0, new LedgerEntry(pushed, true, 1, Optional.empty(), Optional.empty(), Optional.empty(),
					Optional.empty(), LedgerEntry.Outcome.SYNCED, Optional.empty(), Instant.now()))
			.orElseThrow();
		String reader = LeakCanaries.plant(root.write("auth/token/create", Map.of("policies",
				List.of("botkeeper-operator", "botkeeper-auditor"), "ttl", "10m")).getAuth().get("client_token").toString());

		CliRun fromLedger = cli(reader, "oidc", "enable", "acme/app", "--repository-id", "101", "--owner-id", "7", "--wide");
		CliRun notAllowed = cli(operator(), "oidc", "enable", "acme/app", "--repository-id", "101", "--owner-id", "7");
		CliRun neverPushed = cli(reader, "oidc", "enable", "acme/other", "--repository-id", "102", "--owner-id", "7");

		assertThat(fromLedger.exitCode()).as(fromLedger.describe()).isZero();
		assertThat(fromLedger.err()).contains("Environment production-eu: where the broker last pushed the token of acme/app")
			.contains("in environment production-eu can read its token");
		assertThat(fromLedger.out()).contains("      environment: production-eu\n");
		assertThat(root.read("auth/github-actions/role/botkeeper-oidc-acme--app").getRequiredData().get("bound_claims")
			.toString()).contains("environment=production-eu");
		for (CliRun run : List.of(notAllowed, neverPushed)) {
			assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
			assertThat(run.err()).contains("--environment is required: the broker's ledger does not say where the token");
		}
		assertThat(root.read("auth/github-actions/role/botkeeper-oidc-acme--other")).isNull();
	}

	@Test
	void anAdminShouldNotBeAbleToEnableARole() {
		init();

		CliRun run = cli(token("botkeeper-admin"), "oidc", "enable", "acme/app", "--environment", "production",
				"--repository-id", "101", "--owner-id", "7");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).contains("botkeeper-operator");
		assertThat(root.read("sys/policies/acl/botkeeper-oidc-acme--app")).isNull();
		assertThat(root.read("auth/github-actions/role/botkeeper-oidc-acme--app")).isNull();
	}

	@Test
	void aJobOfTheRepositoryInItsEnvironmentShouldReadItsTokenAndNothingElse() {
		init();
		String tokenA = LeakCanaries.classicPat();
		String tokenB = LeakCanaries.classicPat();
		root.write("botkeeper/data/tokens/acme/app", Map.of("data", Map.of("token", tokenA)));
		root.write("botkeeper/data/tokens/acme/other", Map.of("data", Map.of("token", tokenB)));
		for (List<String> binding : List.of(List.of("acme/app", "101"), List.of("acme/other", "102"))) {
			CliRun enable = cli(operator(), "oidc", "enable", binding.get(0), "--environment", "production",
					"--repository-id", binding.get(1), "--owner-id", "7");
			assertThat(enable.exitCode()).as(enable.describe()).isZero();
		}
		VaultHttp anyone = new VaultHttp(oidc.address(), "");

		String vaultToken = login(anyone, "botkeeper-oidc-acme--app", claims());
		VaultHttp job = new VaultHttp(oidc.address(), vaultToken);
		VaultHttp.Response own = job.get("botkeeper/data/tokens/acme/app");
		VaultHttp.Response other = job.get("botkeeper/data/tokens/acme/other");

		assertThat(own.status()).isEqualTo(200);
		assertThat(own.body()).contains(tokenA);
		assertThat(other.status()).isEqualTo(403);
		assertThat(job.get("botkeeper/metadata/tokens/acme/app").status()).isEqualTo(403);
		assertThat(job.get("botkeeper/data/writer").status()).isEqualTo(403);

		// access names the role as a holder of the token, with the claims a job must carry to log in.
		CliRun access = cli(oidc.rootToken(), "access", "--format", "json");
		assertThat(access.exitCode()).as(access.describe()).isZero();
		assertThat(access.out()).contains("jwt role github-actions/botkeeper-oidc-acme--app (tokens with "
				+ "environment=production, repository=acme/app, repository_id=101, repository_owner_id=7, audience botkeeper)");
	}

	@Test
	void everyJobThatIsNotTheBindingsShouldBeRefusedALogin() {
		init();
		for (List<String> binding : List.of(List.of("acme/app", "101"), List.of("acme/other", "102"))) {
			CliRun enable = cli(operator(), "oidc", "enable", binding.get(0), "--environment", "production",
					"--repository-id", binding.get(1), "--owner-id", "7");
			assertThat(enable.exitCode()).as(enable.describe()).isZero();
		}
		VaultHttp anyone = new VaultHttp(oidc.address(), "");
		Map<String, Map<String, Object>> refused = new java.util.LinkedHashMap<>();
		refused.put("repo A's job at repo B's role", claims());
		refused.put("another environment", with(claims(), "environment", "staging"));
		refused.put("no environment (a fork PR, a job without one)", with(claims(), "environment", null));
		refused.put("another audience", with(claims(), "aud", "https://github.com/acme"));
		long past = Instant.now().minus(java.time.Duration.ofHours(1)).getEpochSecond();
		Map<String, Object> expired = with(with(claims(), "iat", past - 300), "nbf", past - 300);
		refused.put("expired", with(expired, "exp", past));
		refused.put("a recreated repository (same name, another id)", with(claims(), "repository_id", "999"));
		refused.put("a repository of another owner with the same name", with(claims(), "repository_owner_id", "8"));

		refused.forEach((why, claims) -> {
			String role = why.startsWith("repo A's job") ? "botkeeper-oidc-acme--other" : "botkeeper-oidc-acme--app";
			VaultHttp.Response response = anyone.post("auth/github-actions/login", loginBody(role, oidc.issuer().sign(claims)));
			assertThat(response.status()).as(why + ": " + response.status()).isIn(400, 403);
		});
		// and the unchanged claims log in, so each refusal above is its claim's
		assertThat(login(anyone, "botkeeper-oidc-acme--app", claims())).isNotBlank();
	}

	@Test
	void theBrokersRoleShouldBePlannedWrittenListedShownByAccessAndRemovedIdempotently() {
		init();
		String operator = operator();

		CliRun plan = cli(operator, brokerRole("--plan", "--wide"));
		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.out()).startsWith("WOULD")
			.containsPattern("create +jwt role botkeeper-broker-actions +job_workflow_ref=" + SCHEDULED
					+ ", ref=refs/heads/main, repository=acme/infra, repository_id=201, repository_owner_id=7, "
					+ "audience botkeeper, policy botkeeper-broker, token ttl 60m")
			.contains("    id-token: write\n").contains("      timeout-minutes: 50 ")
			.contains("            BOTKEEPER_VAULT_JWT_ROLE: botkeeper-broker-actions\n")
			.doesNotContain("BOTKEEPER_VAULT_JWT_AUDIENCE").doesNotContain("BOTKEEPER_KV_MOUNT");
		assertThat(plan.err()).contains("nothing was written");
		assertThat(root.read("auth/github-actions/role/botkeeper-broker-actions")).isNull();

		CliRun first = cli(operator, brokerRole());
		CliRun again = cli(operator, brokerRole());
		CliRun list = cli(operator, "oidc", "list", "--wide");
		CliRun json = cli(operator, "oidc", "list", "--format", "json");
		CliRun access = cli(oidc.rootToken(), "access", "--format", "json");

		assertThat(first.exitCode()).as(first.describe()).isZero();
		assertThat(first.err()).contains("Jobs of acme/infra running " + SCHEDULED + " can log in to Vault as the broker");
		Map<String, Object> role = root.read("auth/github-actions/role/botkeeper-broker-actions").getRequiredData();
		assertThat(role.get("token_policies")).isEqualTo(List.of("botkeeper-broker"));
		assertThat(role.get("bound_audiences")).isEqualTo(List.of("botkeeper"));
		assertThat(((Number) role.get("token_ttl")).longValue()).isEqualTo(3600);
		assertThat(((Number) role.get("token_max_ttl")).longValue()).isEqualTo(3600);
		assertThat(role.get("bound_claims").toString()).contains("repository=acme/infra").contains("repository_id=201")
			.contains("repository_owner_id=7").contains("job_workflow_ref=" + SCHEDULED).contains("ref=refs/heads/main")
			.doesNotContain("environment");
		assertThat(again.exitCode()).as(again.describe()).isZero();
		assertThat(again.err()).contains("Nothing changed: the broker's role is already set up");
		assertThat(list.out()).containsPattern("acme/infra +\\(any\\) +" + SCHEDULED.replace(".", "\\.")
				+ " +botkeeper +botkeeper-broker-actions +the broker \\(botkeeper-broker\\)");
		assertThat(json.out()).contains("\"role\" : \"botkeeper-broker-actions\"").contains("\"broker\" : true");
		// access names the role among those who hold the broker's policy, with the claims a job must carry.
		assertThat(access.exitCode()).as(access.describe()).isZero();
		assertThat(access.out()).contains("jwt role github-actions/botkeeper-broker-actions (tokens with job_workflow_ref="
				+ SCHEDULED + ", ref=refs/heads/main, repository=acme/infra, repository_id=201, repository_owner_id=7, "
				+ "audience botkeeper)");

		CliRun removePlan = cli(operator, "oidc", "broker", "--remove", "--plan");
		assertThat(removePlan.exitCode()).as(removePlan.describe()).isZero();
		assertThat(removePlan.out()).containsPattern("delete +jwt role botkeeper-broker-actions +the broker");
		assertThat(root.read("auth/github-actions/role/botkeeper-broker-actions")).isNotNull();

		CliRun remove = cli(operator, "oidc", "broker", "--remove");
		CliRun twice = cli(operator, "oidc", "broker", "--remove");

		assertThat(remove.exitCode()).as(remove.describe()).isZero();
		assertThat(remove.err()).contains("No workflow can log in as the broker now");
		assertThat(root.read("auth/github-actions/role/botkeeper-broker-actions")).isNull();
		assertThat(root.read("sys/policies/acl/botkeeper-broker")).as("vault init's policy stays").isNotNull();
		assertThat(twice.exitCode()).as(twice.describe()).isZero();
		assertThat(twice.err()).contains("Nothing changed: there is no broker role");
	}

	@Test
	void theBrokersRoleShouldRefuseBadInputAMissingBrokerPolicyAndAnAdmin() {
		init();
		CliRun noRef = cli(operator(), "oidc", "broker", "acme/infra", "--repository-id", "201", "--owner-id", "7");
		CliRun nothing = cli(operator(), "oidc", "broker");
		CliRun removeWithClaims = cli(operator(), "oidc", "broker", "acme/infra", "--remove");
		CliRun otherRepository = cli(operator(), "oidc", "broker", "acme/infra", "--repository-id", "201", "--owner-id",
				"7", "--workflow-ref", "acme/app/.github/workflows/botkeeper-sync.yml@refs/heads/main");
		CliRun badId = cli(operator(), "oidc", "broker", "acme/infra", "--repository-id", "infra", "--owner-id", "7",
				"--workflow-ref", SCHEDULED);
		root.delete("sys/policies/acl/botkeeper-broker");
		CliRun noPolicy = cli(operator(), brokerRole());

		for (CliRun run : List.of(noRef, nothing, removeWithClaims, otherRepository, badId)) {
			assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		}
		assertThat(noRef.err()).contains("oidc broker needs --workflow-ref");
		assertThat(nothing.err()).contains("oidc broker needs OWNER/REPO, --repository-id, --owner-id, --workflow-ref");
		assertThat(removeWithClaims.err()).contains("--remove deletes the broker's role and takes no OWNER/REPO");
		assertThat(otherRepository.err()).contains("--workflow-ref must be a workflow file of acme/infra");
		assertThat(badId.err()).contains("--repository-id 'infra' is not a GitHub id");
		assertThat(noPolicy.exitCode()).as(noPolicy.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(noPolicy.err()).contains("Vault has no policy 'botkeeper-broker'").contains("botkeeper vault init");

		root.write("sys/policies/acl/botkeeper-broker", Map.of("policy", brokerPolicy));
		CliRun admin = cli(token("botkeeper-admin"), brokerRole());

		assertThat(admin.exitCode()).as(admin.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(root.read("auth/github-actions/role/botkeeper-broker-actions")).isNull();

		// The broker of another KV mount, run by the same workflow: the job could pick either broker.
		assertThat(cli(operator(), brokerRole()).exitCode()).isZero();
		root.write("sys/policies/acl/botkeeper-broker-bots-other", Map.of("policy", brokerPolicy));
		CliRun same = cli(operator(), Map.of("BOTKEEPER_KV_MOUNT", "bots-other"), brokerRole());

		assertThat(same.exitCode()).as(same.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(same.err()).contains("JWT role 'botkeeper-broker-actions' already requires exactly these claims");
		assertThat(root.read("auth/github-actions/role/botkeeper-broker-bots-other-actions")).isNull();
	}

	@Test
	void theBrokerShouldLogInFromItsScheduledWorkflowWithTheJobsOidcTokenAndNoOtherJob() {
		init();
		CliRun role = cli(operator(), brokerRole());
		assertThat(role.exitCode()).as(role.describe()).isZero();
		String requestToken = LeakCanaries.plant("actions-request-" + java.util.UUID.randomUUID());
		Map<String, Object> scheduled = scheduled();

		// status lists the KV mount's tokens: only a token with the broker's (or an admin's) policy may.
		CliRun ok = broker(oidc.issuer().serveActionsToken(requestToken, scheduled), requestToken, "status");
		CliRun noActions = CliRun.withEnv(Map.of("VAULT_ADDR", oidc.address().toString(),
				"BOTKEEPER_VAULT_JWT_ROLE", BROKER_ROLE, "HOME", System.getProperty("java.io.tmpdir")), "", "status");
		CliRun wrongBearer = broker(oidc.issuer().serveActionsToken(requestToken, scheduled), "not-" + requestToken,
				"status");
		Map<String, CliRun> refused = new java.util.LinkedHashMap<>();
		refused.put("another workflow of the repository", broker(oidc.issuer().serveActionsToken(requestToken,
				with(scheduled(), "job_workflow_ref", "acme/infra/.github/workflows/other.yml@refs/heads/main")),
				requestToken, "status"));
		refused.put("the workflow on another branch", broker(oidc.issuer().serveActionsToken(requestToken,
				with(with(scheduled(), "ref", "refs/heads/feature"), "job_workflow_ref",
						"acme/infra/.github/workflows/botkeeper-sync.yml@refs/heads/feature")), requestToken, "status"));
		refused.put("a recreated repository (same name, another id)", broker(oidc.issuer().serveActionsToken(requestToken,
				with(scheduled(), "repository_id", "999")), requestToken, "status"));
		refused.put("another audience", broker(Map.of("BOTKEEPER_VAULT_JWT_AUDIENCE", "sts.amazonaws.com"),
				oidc.issuer().serveActionsToken(requestToken, scheduled), requestToken, "status"));

		assertThat(ok.exitCode()).as(ok.describe()).isZero();
		assertThat(noActions.exitCode()).as(noActions.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(noActions.err()).contains("not running in a GitHub Actions job with 'permissions: id-token: write'");
		assertThat(wrongBearer.exitCode()).as(wrongBearer.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(wrongBearer.err()).contains("OIDC token endpoint").contains("answered 401");
		refused.forEach((why, run) -> {
			assertThat(run.exitCode()).as(why + ": " + run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(run.err()).as(why).contains("Vault refused the JWT login as role '" + BROKER_ROLE + "'");
		});
		CliRun noVault = CliRun.withEnv(Map.of("VAULT_ADDR", "http://127.0.0.1:" + closedPort(),
				"ACTIONS_ID_TOKEN_REQUEST_URL", oidc.issuer().serveActionsToken(requestToken, scheduled),
				"ACTIONS_ID_TOKEN_REQUEST_TOKEN", requestToken, "BOTKEEPER_VAULT_JWT_ROLE", BROKER_ROLE, "HOME",
				System.getProperty("java.io.tmpdir")), "", "status");
		assertThat(noVault.exitCode()).as(noVault.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(noVault.err()).contains("Cannot reach Vault at http://127.0.0.1:").doesNotContain("refused the JWT login");
		List<CliRun> runs = new java.util.ArrayList<>(List.of(ok, noActions, wrongBearer, noVault));
		runs.addAll(refused.values());
		for (CliRun run : runs) {
			assertThat(run.out() + run.err()).doesNotContain(requestToken).doesNotContain("eyJ");
		}
	}

	private static final String SCHEDULED = "acme/infra/.github/workflows/botkeeper-sync.yml@refs/heads/main";

	private static final String BROKER_ROLE = "botkeeper-broker-actions";

	/** oidc broker for acme/infra (id 201, owner id 7) and its scheduled workflow on main. */
	private static String[] brokerRole(String... more) {
		List<String> args = new java.util.ArrayList<>(List.of("oidc", "broker", "acme/infra", "--repository-id", "201",
				"--owner-id", "7", "--workflow-ref", SCHEDULED));
		args.addAll(List.of(more));
		return args.toArray(String[]::new);
	}

	/** What GitHub gives a scheduled run of acme/infra's botkeeper-sync.yml on main (no environment). */
	private static Map<String, Object> scheduled() {
		Map<String, Object> claims = oidc.issuer().claims("acme/infra", 201, 7, null, "https://github.com/acme");
		claims.put("job_workflow_ref", SCHEDULED);
		claims.put("ref", "refs/heads/main");
		claims.put("event_name", "schedule");
		return claims;
	}

	/** A loopback port nothing listens on. */
	private static int closedPort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** The CLI as the scheduled workflow runs it: VAULT_ADDR and the Actions variables, no Vault token. */
	private static CliRun broker(String requestUrl, String requestToken, String... args) {
		return broker(Map.of(), requestUrl, requestToken, args);
	}

	private static CliRun broker(Map<String, String> more, String requestUrl, String requestToken, String... args) {
		Map<String, String> env = new java.util.HashMap<>(more);
		env.putAll(Map.of("VAULT_ADDR", oidc.address().toString(), "ACTIONS_ID_TOKEN_REQUEST_URL", requestUrl,
				"ACTIONS_ID_TOKEN_REQUEST_TOKEN", requestToken, "BOTKEEPER_VAULT_JWT_ROLE", BROKER_ROLE, "HOME",
				System.getProperty("java.io.tmpdir")));
		return CliRun.withEnv(env, "", args);
	}

	/** What GitHub gives a job of acme/app (id 101, owner id 7) in environment production, for botkeeper. */
	private static Map<String, Object> claims() {
		return oidc.issuer().claims("acme/app", 101, 7, "production", "botkeeper");
	}

	/** {@code claims} with {@code name} set to {@code value}, or removed when it is null. */
	private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
		if (value == null) {
			claims.remove(name);
		}
		else {
			claims.put(name, value);
		}
		return claims;
	}

	/** Logs in with a token signed for {@code claims}; the Vault token it gets, planted as a canary. */
	private static String login(VaultHttp anyone, String role, Map<String, Object> claims) {
		VaultHttp.Response response = anyone.post("auth/github-actions/login", loginBody(role, oidc.issuer().sign(claims)));
		assertThat(response.status()).as("login at " + role).isEqualTo(200);
		return LeakCanaries.plant(JSON.readTree(response.body()).path("auth").path("client_token").asString());
	}

	private static String loginBody(String role, String jwt) {
		return JSON.writeValueAsString(Map.of("role", role, "jwt", jwt));
	}

	/** vault init with the JWT mount trusting the test issuer, as the operator. */
	private static void init() {
		CliRun init = cli(operator(), "vault", "init", "--github-oidc", "--oidc-issuer", oidc.issuer().url());
		assertThat(init.exitCode()).as(init.describe()).isZero();
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
		return cli(token, Map.of(), args);
	}

	private static CliRun cli(String token, Map<String, String> more, String... args) {
		Map<String, String> env = new java.util.HashMap<>(more);
		env.putAll(Map.of("VAULT_ADDR", oidc.address().toString(), "VAULT_TOKEN", token, "HOME",
				System.getProperty("java.io.tmpdir")));
		return CliRun.withEnv(env, "", args);
	}

}
