package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.PolicyDocuments;
import org.botkeeper.vault.TokenDefaults;
import org.botkeeper.vault.TokenStore;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultLayout;
import org.botkeeper.vault.VaultSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.vault.support.VaultMount;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code access} against the real Vault with our policies bound to a userpass user, an AppRole role and
 * an identity group: Vault's own sys/capabilities decides who gets the password, the 2FA code and a
 * repository's token.
 */
@ExtendWith(VaultServerExtension.class)
class AccessCommandIntegrationTests {

	@Test
	void accessShouldNameThePoliciesAndTheirHoldersPerAsset(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		vault.ensureTotp("botkeeper-totp");
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String userpass = "up" + suffix;
		String approle = "ar" + suffix;
		String group = "admins-" + suffix;
		vault.root().opsForSys().authMount(userpass, VaultMount.create("userpass"));
		vault.root().opsForSys().authMount(approle, VaultMount.create("approle"));
		vault.root().write("auth/" + userpass + "/users/alice",
				Map.of("password", LeakCanaries.password(), "token_policies", "botkeeper-admin"));
		vault.root().write("auth/" + approle + "/role/broker", Map.of("token_policies", List.of("botkeeper-broker")));
		vault.root().write("identity/group", Map.of("name", group, "policies", List.of("botkeeper-breakglass")));
		RepositoryName repository = RepositoryName.parse("acc" + suffix + "/repo");
		VaultConnection admin = VaultConnection.open(VaultSettings.fromEnvironment(Map.of("VAULT_ADDR",
				vault.server().address().toString(), "VAULT_TOKEN", vault.tokenWithPolicies("botkeeper-admin"))));
		new TokenStore(admin, VaultLayout.defaults(), TokenDefaults.fromEnvironment(Map.of()), "botkeeper-admin").put(
				repository, SecretValue.of(LeakCanaries.fineGrainedPat()), new TokenStore.TokenChange(null, null, null, null),
				null);

		CliRun run = VaultCli.as(vault, vault.server().rootToken()).run("access", "--format", "json");

		assertThat(run.exitCode()).as(run.describe()).isZero();
		JsonNode findings = JsonMapper.builder().build().readTree(run.out());
		assertThat(holders(findings, "the bot's password", "botkeeper-admin")).contains("userpass user " + userpass + "/alice");
		assertThat(holders(findings, "the bot's password", "botkeeper-breakglass")).contains("identity group " + group);
		assertThat(policies(findings, "the bot's password")).doesNotContain("botkeeper-broker", "botkeeper-auditor");
		assertThat(policies(findings, "the bot's 2FA code")).contains("botkeeper-admin", "botkeeper-breakglass")
			.doesNotContain("botkeeper-broker");
		assertThat(policies(findings, "replace the 2FA seed")).contains("botkeeper-breakglass")
			.doesNotContain("botkeeper-admin");
		assertThat(holders(findings, "the token of " + repository, "botkeeper-broker"))
			.contains("approle role " + approle + "/broker");
		assertThat(policies(findings, "the token of " + repository)).doesNotContain("botkeeper-admin", "botkeeper-auditor");

		CliRun table = VaultCli.as(vault, vault.server().rootToken()).run("access");
		assertThat(table.out()).contains("ASSET").contains("the bot's password").contains("userpass user " + userpass + "/alice");
	}

	@Test
	void aTokenThatMayNotReviewPoliciesShouldBeToldWhatItNeeds(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);

		CliRun run = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-auditor")).run("access");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
		assertThat(run.err()).contains("403").contains("operator");
	}

	private static List<String> policies(JsonNode findings, String asset) {
		for (JsonNode finding : findings) {
			if (finding.path("asset").asString().equals(asset)) {
				return finding.path("grants").valueStream().map(g -> g.path("policy").asString()).toList();
			}
		}
		throw new AssertionError("no asset " + asset);
	}

	private static List<String> holders(JsonNode findings, String asset, String policy) {
		for (JsonNode finding : findings) {
			if (finding.path("asset").asString().equals(asset)) {
				for (JsonNode grant : finding.path("grants")) {
					if (grant.path("policy").asString().equals(policy)) {
						return grant.path("holders").valueStream().map(JsonNode::asString).toList();
					}
				}
				throw new AssertionError(policy + " does not grant " + asset + ": " + finding);
			}
		}
		throw new AssertionError("no asset " + asset);
	}

}
