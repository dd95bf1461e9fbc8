package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.Rfc6238;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.PolicyDocuments;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code account set|show|password} and {@code totp import|code} through the real command line. The
 * TOTP key is one per server, so this class owns it while it runs.
 */
@ExtendWith(VaultServerExtension.class)
class AccountAndTotpCommandsIntegrationTests {

	@BeforeAll
	static void policies(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		vault.ensureTotp("botkeeper-totp");
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);
	}

	@Test
	void accountSetShouldStoreLoginAndPasswordAndShowNeverPrintsThePassword(VaultFixture vault) {
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		String password = LeakCanaries.password();

		CliRun set = admin.withStdin("jupyterhub-bot\n" + password + "\n", "account", "set");
		CliRun show = admin.run("account", "show");
		CliRun json = admin.run("account", "show", "--format", "json");

		assertThat(set.exitCode()).as(set.describe()).isZero();
		assertThat(set.out()).contains("Stored account jupyterhub-bot");
		assertThat(show.out()).contains("login:").contains("jupyterhub-bot").contains("recovery codes:");
		assertThat(json.out()).contains("\"login\" : \"jupyterhub-bot\"").contains("\"recovery_codes_visible\" : true");
		// Auditors see the login, and of the recovery codes not even how many there are.
		CliRun audit = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-auditor")).run("account", "show");
		assertThat(audit.exitCode()).as(audit.describe()).isZero();
		assertThat(audit.out()).contains("jupyterhub-bot").contains("recovery codes: not shown to this token");
		CliRun auditJson = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-auditor"))
			.run("account", "show", "--format", "json");
		assertThat(auditJson.exitCode()).as(auditJson.describe()).isZero();
		assertThat(auditJson.out()).contains("\"recovery_codes\" : null").contains("\"recovery_codes_visible\" : false");
	}

	@Test
	void accountPasswordShouldPrintToAPipeForTheAdminButNotForTheBroker(VaultFixture vault) {
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		String password = LeakCanaries.password();
		admin.withStdin(password + "\n", "account", "set", "--login", "jupyterhub-bot");

		// CliRun's stdout is a pipe, the case where the password is printed; it is checked here by hand
		// instead of by the canary scan, which rightly flags it.
		var out = new java.io.StringWriter();
		var commandLine = BotkeeperCommand.commandLine(new java.io.ByteArrayInputStream(new byte[0]),
				java.util.Map.of("VAULT_ADDR", vault.server().address().toString(), "VAULT_TOKEN",
						vault.tokenWithPolicies("botkeeper-admin"), "HOME", "/nonexistent"));
		commandLine.setOut(new java.io.PrintWriter(out, true));
		int code = commandLine.execute("account", "password");
		boolean printed = out.toString().strip().equals(password);
		out.getBuffer().setLength(0);

		CliRun broker = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-broker")).run("account", "password");

		assertThat(code).isZero();
		assertThat(printed).as("the password reached the pipe").isTrue();
		assertThat(broker.exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(broker.err()).contains("Cannot read 'account'").contains("403 permission denied")
			.contains("botkeeper-admin");
	}

	@Test
	void accountSetShouldRefuseAnEmptyPasswordAndABadLogin(VaultFixture vault) {
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		assertThat(admin.withStdin("jupyterhub-bot\n\n", "account", "set").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		CliRun badLogin = admin.withStdin(LeakCanaries.password() + "\n", "account", "set", "--login", "bad login");
		assertThat(badLogin.exitCode()).as(badLogin.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(badLogin.err()).contains("Invalid GitHub login");
	}

	@Test
	void totpImportShouldNeedBreakGlassRefuseOverwritingAndThenMatchRfc6238(VaultFixture vault) {
		vault.root().delete("botkeeper-totp/keys/account");
		String seed = LeakCanaries.totpSeed();
		String uri = "otpauth://totp/GitHub:jupyterhub-bot?secret=" + seed + "&issuer=GitHub&digits=6&period=30";
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		VaultCli breakglass = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-breakglass"));

		CliRun byAdmin = admin.withStdin(uri + "\n", "totp", "import");
		CliRun imported = breakglass.withStdin(uri + "\n", "totp", "import");
		CliRun again = breakglass.withStdin(LeakCanaries.totpSeed() + "\n", "totp", "import");

		assertThat(byAdmin.exitCode()).as(byAdmin.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(byAdmin.err()).contains("403").contains("botkeeper-breakglass");
		assertThat(imported.exitCode()).as(imported.describe()).isZero();
		assertThat(imported.out()).contains("Imported").contains("SHA1, 6 digits, 30 s");
		assertThat(again.exitCode()).as(again.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(again.err()).contains("--replace");

		long before = Instant.now().getEpochSecond() / 30;
		CliRun code = admin.run("totp");
		CliRun json = admin.run("totp", "code", "--format", "json");
		long after = Instant.now().getEpochSecond() / 30;
		List<String> expected = new ArrayList<>();
		for (long step = before; step <= after; step++) {
			expected.add(Rfc6238.code(seed, "SHA1", 6, step));
		}
		assertThat(code.exitCode()).as(code.describe()).isZero();
		assertThat(code.out().strip()).isIn(expected);
		// "1 more second" when the code is in its last second of validity: the count, not the plural, matters.
		assertThat(code.err()).containsPattern("\\(valid for \\d+ more seconds?");
		assertThat(json.out()).contains("\"code\" : \"").contains("\"seconds_left\" : ").contains("\"period\" : 30");
	}

	@Test
	void totpImportWithReplaceShouldTakeANewSeedWithItsParameters(VaultFixture vault) {
		String seed = LeakCanaries.totpSeed();
		VaultCli breakglass = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-breakglass"));
		CliRun replaced = breakglass.withStdin(
				"otpauth://totp/jupyterhub-bot?secret=" + seed + "&algorithm=SHA256&digits=8&period=60\n", "totp",
				"import", "--replace");
		assertThat(replaced.exitCode()).as(replaced.describe()).isZero();
		assertThat(replaced.out()).contains("SHA256, 8 digits, 60 s");

		long before = Instant.now().getEpochSecond() / 60;
		CliRun json = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin")).run("totp", "--format", "json");
		long after = Instant.now().getEpochSecond() / 60;
		assertThat(json.exitCode()).as(json.describe()).isZero();
		assertThat(json.out()).contains("\"period\" : 60");
		String code = json.out().replaceAll("(?s).*\"code\" : \"(\\d+)\".*", "$1");
		assertThat(code).isIn(Rfc6238.code(seed, "SHA256", 8, before), Rfc6238.code(seed, "SHA256", 8, after));
	}

	@Test
	void totpImportShouldRefuseBadInputWithoutEchoingIt(VaultFixture vault) {
		VaultCli breakglass = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-breakglass"));
		String seed = LeakCanaries.totpSeed();
		for (String input : List.of("otpauth://hotp/x?secret=" + seed, "otpauth://totp/x?secret=" + seed + "&digits=7",
				"otpauth://totp/x?secret=" + seed + "&algorithm=MD5", seed.substring(0, 10), seed + "1", "")) {
			CliRun run = breakglass.withStdin(input + "\n", "totp", "import", "--replace");
			assertThat(run.exitCode()).as("%s", run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		}
	}

	@Test
	void theBrokerShouldGetNoTotpCode(VaultFixture vault) {
		CliRun run = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-broker")).run("totp");
		assertThat(run.exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).contains("Cannot read 'code/account' from Vault mount 'botkeeper-totp'")
			.contains("403 permission denied");
		assertThat(run.out()).isEmpty();
	}

}
