package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.devvault.DevVault;
import org.botkeeper.devvault.HashiCorpVaultAvailability;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DedicatedVault;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admins log in with their own GitHub identity instead of a shared password: a real HashiCorp Vault
 * (OpenBao dropped the GitHub auth method) whose GitHub auth method asks the simulator, through
 * Prism, who a token belongs to and which teams they are in.
 */
@ExtendWith(GitHubContractExtension.class)
class GitHubLoginIntegrationTests {

	private static DedicatedVault vault;

	@BeforeAll
	static void startVault() {
		HashiCorpVaultAvailability.whyNot().ifPresent(Assumptions::abort);
		vault = DedicatedVault.start("github-login", Optional.of(DevVault.Engine.VAULT));
	}

	@AfterAll
	static void stopVault() {
		if (vault != null) {
			vault.close();
		}
	}

	private static Map<String, String> asPerson(Path home) {
		Map<String, String> env = new HashMap<>();
		env.put("VAULT_ADDR", vault.server().address().toString());
		env.put("HOME", home.toString());
		return env;
	}

	@Test
	void aTeamMemberShouldGetTheAdminPolicyAndAnyoneElseShouldNot(GitHubContract github, @TempDir Path alice,
			@TempDir Path bob, @TempDir Path mallory) throws Exception {
		String org = "acme" + System.nanoTime();
		String aliceToken = LeakCanaries.classicPat();
		String bobToken = LeakCanaries.classicPat();
		String malloryToken = LeakCanaries.classicPat();
		github.simulator().people().addPerson("alice", aliceToken, List.of(org), List.of(org + "/bot-admins"));
		github.simulator().people().addPerson("bob", bobToken, List.of(org), List.of(org + "/docs"));
		github.simulator().people().addPerson("mallory", malloryToken, List.of("elsewhere"), List.of());
		// Vault reads the organisation's id once, unauthenticated, when its config is written.
		github.simulator().people().organization(org);

		CliRun init = CliRun.withEnv(vault.rootEnv(), "", "vault", "init", "--github-org", org, "--admin-team",
				"bot-admins", "--github-api-url", github.api().base().toString());
		assertThat(init.exitCode()).as(init.describe()).isZero();
		assertThat(init.out()).contains("auth github/").contains("github team " + org + "/bot-admins");
		CliRun again = CliRun.withEnv(vault.rootEnv(), "", "vault", "init", "--github-org", org, "--admin-team",
				"bot-admins", "--github-api-url", github.api().base().toString());
		assertThat(again.err()).contains("Nothing changed");
		String seed = LeakCanaries.totpSeed();
		assertThat(CliRun.withEnv(vault.rootEnv(), "otpauth://totp/GitHub:bot?secret=" + seed + "\n", "totp", "import")
			.exitCode()).isZero();

		CliRun aliceLogin = CliRun.withEnv(asPerson(alice), aliceToken + "\n", "login");
		assertThat(aliceLogin.exitCode()).as(aliceLogin.describe()).isZero();
		assertThat(aliceLogin.out()).contains("github-alice").contains("botkeeper-admin");
		assertThat(Files.getPosixFilePermissions(alice.resolve(".vault-token")))
			.containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
					java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
		CliRun aliceCode = CliRun.withEnv(asPerson(alice), "", "totp");
		assertThat(aliceCode.exitCode()).as(aliceCode.describe()).isZero();
		assertThat(aliceCode.out()).containsPattern("^\\d{6}\\b");

		CliRun bobLogin = CliRun.withEnv(asPerson(bob), bobToken + "\n", "login");
		assertThat(bobLogin.exitCode()).as(bobLogin.describe()).isZero();
		assertThat(bobLogin.out()).doesNotContain("botkeeper-admin");
		CliRun bobCode = CliRun.withEnv(asPerson(bob), "", "totp");
		assertThat(bobCode.exitCode()).as("an org member outside the admin team").isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(bobCode.err()).contains("403 permission denied");

		CliRun malloryLogin = CliRun.withEnv(asPerson(mallory), malloryToken + "\n", "login");
		assertThat(malloryLogin.exitCode()).as("not in the org").isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(malloryLogin.err()).contains("refused the GitHub login");
		assertThat(mallory.resolve(".vault-token")).doesNotExist();
	}

	@Test
	void loginShouldRefuseAnEmptyTokenBeforeAnyRequest(@TempDir Path home) {
		CliRun run = CliRun.withEnv(asPerson(home), "\n", "login");
		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains("No GitHub token given");
	}

}
