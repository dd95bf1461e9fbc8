package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DedicatedVault;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultHttp;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;

/**
 * {@code vault-policies/botkeeper-operator.hcl} is what an operator needs for {@code vault init}: on a
 * fresh server (of the engine this run uses, so AppRole is enabled by init itself) a token with only
 * that policy (and Vault's default) sets everything up and can hand the broker its credentials; a
 * token with a rule less fails, names the policy, and lists what it had changed before.
 */
@ExtendWith(VaultServerExtension.class)
class OperatorPolicyIntegrationTests {

	private static DedicatedVault server;

	private static VaultTemplate root;

	@BeforeAll
	static void start(VaultFixture shared) {
		server = DedicatedVault.start("operator", Optional.of(shared.server().engine()));
		root = new VaultTemplate(VaultEndpoint.from(server.server().address()),
				new TokenAuthentication(server.server().rootToken()));
		root.write("sys/policies/acl/botkeeper-operator", Map.of("policy", shared.policyText("botkeeper-operator")));
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void theOperatorPolicyShouldBeEnoughForInitOnAFreshServerAndTheHandOver() {
		String operator = token("botkeeper-operator");

		CliRun init = cli(operator, "vault", "init");
		CliRun again = cli(operator, "vault", "init");
		CliRun other = cli(operator, "vault", "init", "--kv-mount", "bots-" + suffix(), "--totp-mount",
				"bots-totp-" + suffix());

		assertThat(init.exitCode()).as(init.describe()).isZero();
		assertThat(init.out()).containsPattern("create +auth approle/").containsPattern("create +mount botkeeper/")
			.containsPattern("create +approle role botkeeper-broker ");
		assertThat(again.exitCode()).as(again.describe()).isZero();
		assertThat(again.err()).contains("Nothing changed");
		assertThat(other.exitCode()).as(other.describe()).isZero();
		// The hand-over init's closing line asks for: the role id, and a (wrapped) secret id.
		VaultHttp asOperator = new VaultHttp(server.server().address(), operator);
		assertThat(asOperator.get("auth/approle/role/botkeeper-broker/role-id").status()).isEqualTo(200);
		assertThat(asOperator.post("auth/approle/role/botkeeper-broker/secret-id", "{}").status()).isEqualTo(200);
		// and nothing of what botkeeper keeps
		assertThat(asOperator.get("botkeeper/data/account").status()).isEqualTo(403);
		assertThat(asOperator.get("botkeeper-totp/code/account").status()).isEqualTo(403);
	}

	@Test
	void aRuleLessShouldFailNamingThePolicyAndListWhatWasChangedBefore() {
		// The broker's role may be read but not written: init gets as far as the role.
		String text = operatorPolicy().replace(
				"path \"auth/approle/role/botkeeper-broker*\" {\n  capabilities = [\"create\", \"read\", \"update\"]",
				"path \"auth/approle/role/botkeeper-broker*\" {\n  capabilities = [\"read\"]");
		assertThat(text).isNotEqualTo(operatorPolicy());
		root.write("sys/policies/acl/operator-without-roles", Map.of("policy", text));
		String kv = "less-" + suffix();

		CliRun run = cli(token("operator-without-roles"), "vault", "init", "--kv-mount", kv, "--totp-mount", kv + "-totp");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).contains("Cannot write 'auth/approle/role/botkeeper-broker-" + kv + "'")
			.contains("403 permission denied")
			.contains("policy 'botkeeper-operator' (vault-policies/botkeeper-operator.hcl)")
			.contains("vault init stopped at approle role botkeeper-broker-" + kv + " after changing mount " + kv
					+ "/ (created), mount " + kv + "-totp/ (created), policy botkeeper-admin-" + kv + " (created), "
					+ "policy botkeeper-broker-" + kv + " (created), policy botkeeper-auditor-" + kv + " (created), "
					+ "policy botkeeper-breakglass-" + kv + " (created).")
			.contains("Run it again once this is fixed");
		assertThat(run.out()).isEmpty();
		assertThat(root.opsForSys().getMounts()).containsKey(kv + "/");
	}

	@Test
	void withoutTheMountRuleInitShouldFailAtItsFirstWriteBeforeChangingAnything() {
		String text = operatorPolicy().replace("path \"sys/mounts/*\" {\n  capabilities = [\"create\", \"update\"]\n}\n",
				"");
		assertThat(text).isNotEqualTo(operatorPolicy());
		root.write("sys/policies/acl/operator-without-mounts", Map.of("policy", text));
		String kv = "none-" + suffix();

		CliRun run = cli(token("operator-without-mounts"), "vault", "init", "--kv-mount", kv);

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).contains("Cannot write 'sys/mounts/" + kv + "'").contains("botkeeper-operator")
			.contains("vault init stopped at mount " + kv + "/ before changing anything.");
		assertThat(root.opsForSys().getMounts()).doesNotContainKey(kv + "/");
		assertThat(root.read("sys/policies/acl/botkeeper-admin-" + kv)).isNull();
	}

	private static String operatorPolicy() {
		return root.read("sys/policies/acl/botkeeper-operator").getRequiredData().get("policy").toString();
	}

	/** A token with {@code policy} and Vault's default policy, as a real login gets. */
	private static String token(String policy) {
		return root.write("auth/token/create", Map.of("policies", List.of(policy), "ttl", "10m"))
			.getAuth()
			.get("client_token")
			.toString();
	}

	private static CliRun cli(String token, String... args) {
		Map<String, String> env = Map.of("VAULT_ADDR", server.server().address().toString(), "VAULT_TOKEN", token,
				"HOME", System.getProperty("java.io.tmpdir"));
		return CliRun.withEnv(env, "", args);
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
