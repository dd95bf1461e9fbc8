package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.PolicyDocuments;
import org.botkeeper.vault.VaultLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.vault.support.VaultMount;

/**
 * {@code vault init} on fresh mounts of its own (the server is shared with other test classes):
 * plan, apply, second run changes nothing, drift is repaired, conflicts and missing rights are
 * reported, and the policies of the default mounts are never touched. These tests act as root, because
 * init is the operator's job; OperatorPolicyIntegrationTests runs it with the operator policy.
 */
@ExtendWith(VaultServerExtension.class)
class VaultInitCommandIntegrationTests {

	private String kv;

	private String totp;

	private VaultCli root;

	@BeforeEach
	void setUp(VaultFixture vault) {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		kv = "bk-" + suffix;
		totp = "bk-totp-" + suffix;
		root = VaultCli.as(vault, vault.server().rootToken())
			.with("BOTKEEPER_KV_MOUNT", kv)
			.with("BOTKEEPER_TOTP_MOUNT", totp);
	}

	@Test
	void planShouldListEveryStepWithTheRulesOfEachPolicyAndWriteNothing(VaultFixture vault) {
		CliRun plan = root.run("vault", "init", "--plan");

		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.out()).startsWith("WOULD").containsPattern("create +mount " + kv + "/").contains("mount " + totp + "/")
			.containsPattern("create +policy botkeeper-broker-" + kv + " ")
			.contains("approle role botkeeper-broker-" + kv)
			.contains("policy botkeeper-admin-" + kv + " (new):\n  + " + kv + "/data/account: create, read, update\n")
			.contains("  + " + totp + "/code/account: read\n");
		assertThat(plan.err()).contains("nothing was written");
		assertThat(vault.root().opsForSys().getMounts()).doesNotContainKey(kv + "/").doesNotContainKey(totp + "/");
		assertThat(vault.root().read("sys/policies/acl/botkeeper-admin-" + kv)).isNull();
	}

	@Test
	void initForOtherMountsShouldWritePoliciesOfTheirOwnAndLeaveTheDefaultOnesAlone(VaultFixture vault) {
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);
		Map<String, String> before = new java.util.HashMap<>();
		for (String name : PolicyDocuments.INIT_POLICIES) {
			before.put(name, policy(vault, name));
		}

		CliRun init = root.run("vault", "init");

		assertThat(init.exitCode()).as(init.describe()).isZero();
		for (String name : PolicyDocuments.INIT_POLICIES) {
			assertThat(policy(vault, name)).as("the default mounts' " + name).isEqualTo(before.get(name));
			assertThat(policy(vault, name + "-" + kv)).as(name + "-" + kv).contains("\"" + kv + "/")
				.doesNotContain("\"botkeeper/");
		}
		var role = vault.root().read("auth/approle/role/botkeeper-broker-" + kv).getRequiredData();
		assertThat(role.get("token_policies").toString()).isEqualTo("[botkeeper-broker-" + kv + "]");
		assertThat(init.err()).contains("auth/approle/role/botkeeper-broker-" + kv + "/role-id");
	}

	@Test
	void initShouldRefuseToRewriteAPolicyThatGrantsAnotherExistingMountAndChangeNothing(VaultFixture vault) {
		String other = "bk-other-" + kv.substring(3);
		vault.ensureKv2(other);
		// What an earlier botkeeper left: the policy of these mounts pointed at another one.
		vault.root().write("sys/policies/acl/botkeeper-auditor-" + kv,
				Map.of("policy", "path \"" + other + "/metadata/tokens/*\" { capabilities = [\"list\", \"read\"] }"));

		CliRun plan = root.run("vault", "init", "--plan");
		CliRun init = root.run("vault", "init");

		for (CliRun run : java.util.List.of(plan, init)) {
			assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(run.err()).contains("Policy 'botkeeper-auditor-" + kv + "' exists and grants paths in mount '"
					+ other + "/'").contains("does not rewrite it").contains("Nothing was changed");
		}
		assertThat(vault.root().opsForSys().getMounts()).doesNotContainKey(kv + "/");
		assertThat(policy(vault, "botkeeper-auditor-" + kv)).contains(other + "/metadata/tokens/*");
	}

	private static String policy(VaultFixture vault, String name) {
		return vault.root().read("sys/policies/acl/" + name).getRequiredData().get("policy").toString();
	}

	@Test
	void initShouldSetUpEverythingAndASecondRunShouldChangeNothing(VaultFixture vault) throws Exception {
		CliRun first = root.run("vault", "init");
		CliRun second = root.run("vault", "init", "--format", "json");

		assertThat(first.exitCode()).as(first.describe()).isZero();
		assertThat(first.out()).containsPattern("create +mount " + kv + "/");
		assertThat(first.err()).contains("role-id");
		assertThat(second.exitCode()).as(second.describe()).isZero();
		assertThat(second.out()).contains("\"changed\" : false").doesNotContain("\"create\"").doesNotContain("\"update\"");
		assertThat(second.err()).contains("Nothing changed");

		Map<String, VaultMount> mounts = vault.root().opsForSys().getMounts();
		assertThat(mounts.get(kv + "/").getType()).isEqualTo("kv");
		assertThat(mounts.get(kv + "/").getOptions()).containsEntry("version", "2");
		assertThat(mounts.get(totp + "/").getType()).isEqualTo("totp");
		String broker = policy(vault, "botkeeper-broker-" + kv);
		assertThat(broker).contains("\"" + kv + "/data/tokens/*\"").doesNotContain("\"botkeeper/");
		assertThat(policy(vault, "botkeeper-breakglass-" + kv)).contains("\"" + totp + "/keys/account\"");
		var role = vault.root().read("auth/approle/role/botkeeper-broker-" + kv).getRequiredData();
		assertThat(role.get("token_policies").toString()).contains("botkeeper-broker-" + kv);
	}

	@Test
	void initShouldRepairAPolicyChangedByHandAndShowTheRulesItChanges(VaultFixture vault) {
		root.run("vault", "init");
		String auditor = policy(vault, "botkeeper-auditor-" + kv);
		// By hand: one rule dropped, one widened, one for a mount that does not exist added.
		vault.root().write("sys/policies/acl/botkeeper-auditor-" + kv, Map.of("policy", auditor
			.replace("path \"" + kv + "/metadata/writer\" {\n  capabilities = [\"read\"]\n}\n", "")
			.replace("path \"" + kv + "/data/app-ceiling\" {\n  capabilities = [\"read\"]",
					"path \"" + kv + "/data/app-ceiling\" {\n  capabilities = [\"read\", \"update\"]")
				+ "\npath \"x/*\" { capabilities = [\"read\"] }\n"));

		CliRun plan = root.run("vault", "init", "--plan", "--wide");
		CliRun repair = root.run("vault", "init", "--format", "json");

		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.out()).containsPattern("update +policy botkeeper-auditor-" + kv
				+ " +vault-policies/botkeeper-auditor.hcl: 1 rule added, 1 changed, 1 removed")
			.contains("policy botkeeper-auditor-" + kv + ":\n  + " + kv + "/metadata/writer: read\n  ~ " + kv
					+ "/data/app-ceiling: read, update -> read\n  - x/*: read\n");
		assertThat(repair.exitCode()).as(repair.describe()).isZero();
		assertThat(repair.out()).contains("\"- x/*: read\"");
		assertThat(policy(vault, "botkeeper-auditor-" + kv)).isEqualTo(auditor);
		assertThat(root.run("vault", "init").err()).contains("Nothing changed");
	}

	@Test
	void initShouldRefuseAMountOfAnotherTypeAndChangeNothing(VaultFixture vault) {
		vault.root().opsForSys().mount(kv, VaultMount.create("kv"));

		CliRun run = root.run("vault", "init");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).contains("already has a mount at '" + kv + "/'").contains("--kv-mount");
		assertThat(vault.root().opsForSys().getMounts()).doesNotContainKey(totp + "/");
	}

	@Test
	void initWithAnAdminTokenShouldBeDeniedWithAHint(VaultFixture vault) {
		vault.writePolicy("botkeeper-admin");
		CliRun run = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"))
			.with("BOTKEEPER_KV_MOUNT", kv)
			.run("vault", "init");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).contains("403 permission denied").contains("sys/mounts").contains("root")
			.contains("policy 'botkeeper-operator' (vault-policies/botkeeper-operator.hcl)");
	}

	@Test
	void initWithGitHubLoginOnAServerWithoutTheGitHubMethodShouldSaySoBeforeChangingAnything(VaultFixture vault) {
		org.junit.jupiter.api.Assumptions.assumeTrue(
				vault.server().engine() == org.botkeeper.devvault.DevVault.Engine.OPENBAO,
				"HashiCorp Vault has the GitHub auth method (GitHubLoginIntegrationTests)");
		CliRun plan = root.run("vault", "init", "--github-org", "acme", "--admin-team", "bot-admins", "--plan");
		CliRun init = root.run("vault", "init", "--github-org", "acme", "--admin-team", "bot-admins");

		for (CliRun run : java.util.List.of(plan, init)) {
			assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(run.err()).contains("This server has no GitHub auth method").contains("OpenBao dropped it")
				.contains("OIDC or userpass").contains("Nothing was changed");
		}
		assertThat(vault.root().opsForSys().getMounts()).doesNotContainKey(kv + "/");
	}

	@Test
	void loginOnAServerWithoutTheGitHubMethodShouldSaySo(VaultFixture vault) throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(
				vault.server().engine() == org.botkeeper.devvault.DevVault.Engine.OPENBAO,
				"HashiCorp Vault has the GitHub auth method (GitHubLoginIntegrationTests)");
		Path home = Files.createTempDirectory("botkeeper-login-");
		CliRun login = VaultCli.as(vault, "unused").with("VAULT_TOKEN", null).with("HOME", home.toString())
			.withStdin(org.botkeeper.testsupport.LeakCanaries.classicPat() + "\n", "login", "-");

		assertThat(login.exitCode()).as(login.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(login.err()).contains("has no GitHub auth method at 'auth/github/'").contains("OpenBao has none")
			.contains("OIDC or userpass").doesNotContain("Check that you are in the org team");
		assertThat(home.resolve(".vault-token")).doesNotExist();
	}

	@Test
	void thePoliciesInitWritesShouldBeTheFilesOfVaultPoliciesPackagedOnTheClasspath() throws Exception {
		PolicyDocuments documents = new PolicyDocuments(VaultLayout.defaults());
		for (String name : PolicyDocuments.INIT_POLICIES) {
			assertThat(documents.text(name)).isEqualTo(Files.readString(Path.of("vault-policies", name + ".hcl")));
		}
		assertThat(PolicyDocuments.class.getResource("/vault-policies/botkeeper-admin.hcl").toString())
			.contains("target/classes");
	}

	@Test
	void theGitHubBaseUrlThatDecidesWhoIsAdminShouldNeverComeFromGitHubApiUrl() {
		CliRun plan = root.with("GITHUB_API_URL", "http://127.0.0.1:9/not-github")
			.run("vault", "init", "--plan", "--github-org", "acme", "--admin-team", "bot-admins");
		CliRun ghes = root.run("vault", "init", "--plan", "--github-org", "acme", "--admin-team", "bot-admins",
				"--github-api-url", "https://github.example.org/api/v3");

		if (plan.err().contains("its plugin catalog has no 'github'")) {
			// OpenBao: no GitHub auth method at all, refused before any URL matters (the vault pass checks the URL).
			assertThat(plan.exitCode()).as(plan.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(plan.err() + plan.out()).doesNotContain("127.0.0.1:9");
			return;
		}
		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.out()).contains("organization=acme, base_url=https://api.github.com").doesNotContain("127.0.0.1:9");
		assertThat(ghes.exitCode()).as(ghes.describe()).isZero();
		assertThat(ghes.out()).contains("organization=acme, base_url=https://github.example.org/api/v3/");
	}

	@Test
	void aGitHubBaseUrlThatIsNotHttpsShouldBeBadInputBeforeAnyRequest(VaultFixture vault) {
		VaultCli nowhere = root.with("VAULT_ADDR", "http://127.0.0.1:1");
		String[] login = { "vault", "init", "--github-org", "acme", "--admin-team", "bot-admins", "--github-api-url" };

		CliRun clear = nowhere.run(concat(login, "http://github.example.org/api/v3"));
		CliRun credentials = nowhere.run(concat(login, "https://user:pat@github.example.org/api/v3"));
		CliRun scheme = nowhere.run(concat(login, "ftp://github.example.org/api/v3"));
		CliRun alone = nowhere.run("vault", "init", "--github-api-url", "https://github.example.org/api/v3");

		assertThat(clear.exitCode()).as(clear.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(clear.err()).contains("--github-api-url is http://github.example.org/api/v3: plain http");
		assertThat(credentials.exitCode()).as(credentials.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(credentials.err()).contains("--github-api-url must be an https URL").doesNotContain("pat@");
		assertThat(scheme.exitCode()).as(scheme.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(alone.exitCode()).as(alone.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(alone.err()).contains("need --github-org");
	}

	@Test
	void initShouldGiveTheBrokersSecretIdsA30DayTtlAndShowItInThePlan(VaultFixture vault) {
		assertThat(root.run("vault", "init").exitCode()).isZero();
		// As earlier versions left it: secret ids that never expire.
		vault.root().write("auth/approle/role/botkeeper-broker-" + kv, Map.of("secret_id_ttl", 0));
		CliRun plan = root.run("vault", "init", "--plan", "--wide");
		CliRun init = root.run("vault", "init");

		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.out()).containsPattern("update +approle role botkeeper-broker-" + kv + " .*secret_id_ttl=30d")
			.contains("secret_id_ttl never -> 30d");
		assertThat(init.exitCode()).as(init.describe()).isZero();
		assertThat(roleSetting(vault, "secret_id_ttl")).isEqualTo("2592000");
		assertThat(root.run("vault", "init").err()).contains("Nothing changed");
	}

	@Test
	void initShouldSetTheSecretIdTtlAndCidrBindingsItIsGivenAndKeepThemOnLaterRuns(VaultFixture vault) {
		try {
			CliRun plan = root.run("vault", "init", "--plan", "--wide", "--secret-id-ttl", "7d", "--secret-id-bound-cidrs",
					"10.1.2.0/24", "--token-bound-cidrs", "10.1.2.0/24,127.0.0.1/32");
			CliRun init = root.run("vault", "init", "--secret-id-ttl", "7d", "--secret-id-bound-cidrs", "10.1.2.0/24",
					"--token-bound-cidrs", "10.1.2.0/24,127.0.0.1/32");
			CliRun again = root.run("vault", "init", "--plan", "--wide", "--secret-id-ttl", "7d");

			assertThat(plan.out()).contains("secret_id_ttl=7d, secret_id_bound_cidrs=10.1.2.0/24, "
					+ "token_bound_cidrs=10.1.2.0/24,127.0.0.1/32");
			assertThat(init.exitCode()).as(init.describe()).isZero();
			assertThat(roleSetting(vault, "secret_id_ttl")).isEqualTo("604800");
			assertThat(roleSetting(vault, "secret_id_bound_cidrs")).contains("10.1.2.0/24");
			assertThat(roleSetting(vault, "token_bound_cidrs")).contains("10.1.2.0/24").contains("127.0.0.1");
			assertThat(again.out()).as("CIDRs not given are kept, not dropped").doesNotContainPattern("update +approle")
				.contains("secret_id_bound_cidrs=10.1.2.0/24");
			assertThat(again.err()).contains("Nothing changed");
		}
		finally {
			// Leave the role unbound, as the next run of this test expects to find it.
			CliRun clear = root.run("vault", "init", "--secret-id-bound-cidrs", "", "--token-bound-cidrs", "");
			assertThat(clear.exitCode()).as(clear.describe()).isZero();
		}
		assertThat(roleSetting(vault, "secret_id_bound_cidrs")).doesNotContain("10.1.2.0");
	}

	@Test
	void aBadSecretIdTtlOrCidrShouldBeBadInputBeforeAnyRequest() {
		VaultCli nowhere = root.with("VAULT_ADDR", "http://127.0.0.1:1");
		CliRun never = nowhere.run("vault", "init", "--secret-id-ttl", "0");
		CliRun words = nowhere.run("vault", "init", "--secret-id-ttl", "soon");
		CliRun cidr = nowhere.run("vault", "init", "--secret-id-bound-cidrs", "10.0.0.0/33");
		CliRun name = nowhere.run("vault", "init", "--token-bound-cidrs", "intranet.example.org");

		assertThat(never.exitCode()).as(never.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(never.err()).contains("--secret-id-ttl must be between 1m and 365d");
		assertThat(words.exitCode()).as(words.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(words.err()).contains("--secret-id-ttl 'soon' is not a duration");
		assertThat(cidr.exitCode()).as(cidr.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(cidr.err()).contains("Invalid --secret-id-bound-cidrs entry '10.0.0.0/33'");
		assertThat(name.exitCode()).as(name.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(name.err()).contains("Invalid --token-bound-cidrs entry 'intranet.example.org'");
	}

	/** A setting of the broker role of this test's own mounts. */
	private String roleSetting(VaultFixture vault, String name) {
		return String.valueOf(vault.root().read("auth/approle/role/botkeeper-broker-" + kv).getRequiredData().get(name));
	}

	private static String[] concat(String[] head, String last) {
		String[] all = java.util.Arrays.copyOf(head, head.length + 1);
		all[head.length] = last;
		return all;
	}

	@Test
	void badMountNamesShouldBeBadInput() {
		CliRun run = root.run("vault", "init", "--kv-mount", "bad mount");
		CliRun same = root.run("vault", "init", "--kv-mount", "same", "--totp-mount", "same");
		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(same.exitCode()).as(same.describe()).isEqualTo(ExitCodes.BAD_INPUT);
	}

}
