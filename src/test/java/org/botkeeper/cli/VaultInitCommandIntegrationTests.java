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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.vault.support.VaultMount;

/**
 * {@code vault init} on fresh mounts of its own (the server is shared with other test classes):
 * plan, apply, second run changes nothing, drift is repaired, conflicts and missing rights are
 * reported. The only tests that act as root, because init is the operator's job.
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

	@AfterAll
	static void restoreDefaultPolicies(VaultFixture vault) {
		// init wrote the policies for this class's mounts; other classes expect the default ones.
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);
	}

	@Test
	void planShouldListEveryStepAndWriteNothing(VaultFixture vault) {
		CliRun plan = root.run("vault", "init", "--plan");

		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.out()).startsWith("WOULD").containsPattern("create +mount " + kv + "/").contains("mount " + totp + "/")
			.contains("policy botkeeper-broker").contains("approle role botkeeper-broker");
		assertThat(plan.err()).contains("nothing was written");
		assertThat(vault.root().opsForSys().getMounts()).doesNotContainKey(kv + "/").doesNotContainKey(totp + "/");
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
		String broker = vault.root().read("sys/policies/acl/botkeeper-broker").getRequiredData().get("policy").toString();
		assertThat(broker).contains("\"" + kv + "/data/tokens/*\"").doesNotContain("\"botkeeper/");
		String breakglass = vault.root()
			.read("sys/policies/acl/botkeeper-breakglass")
			.getRequiredData()
			.get("policy")
			.toString();
		assertThat(breakglass).contains("\"" + totp + "/keys/account\"");
		var role = vault.root().read("auth/approle/role/botkeeper-broker").getRequiredData();
		assertThat(role.get("token_policies").toString()).contains("botkeeper-broker");
	}

	@Test
	void initShouldRepairAPolicyChangedByHand(VaultFixture vault) {
		root.run("vault", "init");
		vault.root().write("sys/policies/acl/botkeeper-auditor", Map.of("policy", "path \"x/*\" { capabilities = [\"read\"] }"));

		CliRun plan = root.run("vault", "init", "--plan");
		CliRun repair = root.run("vault", "init");

		assertThat(plan.out()).containsPattern("update +policy botkeeper-auditor");
		assertThat(repair.exitCode()).as(repair.describe()).isZero();
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
		assertThat(run.err()).contains("403 permission denied").contains("sys/mounts").contains("root");
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
	void badMountNamesShouldBeBadInput() {
		CliRun run = root.run("vault", "init", "--kv-mount", "bad mount");
		CliRun same = root.run("vault", "init", "--kv-mount", "same", "--totp-mount", "same");
		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(same.exitCode()).as(same.describe()).isEqualTo(ExitCodes.BAD_INPUT);
	}

}
