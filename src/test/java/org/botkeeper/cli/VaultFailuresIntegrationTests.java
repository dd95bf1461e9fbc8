package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.botkeeper.devvault.DevVault;
import org.botkeeper.devvault.DevVaultContext;
import org.botkeeper.devvault.DevVaultLocator;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.PolicyDocuments;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;

/**
 * What a person sees when Vault is not there, sealed, or refuses: one line on stderr that says what
 * failed and what to check, exit 1 (or 2 for bad settings), nothing on stdout.
 */
@ExtendWith(VaultServerExtension.class)
class VaultFailuresIntegrationTests {

	@BeforeAll
	static void policies(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);
	}

	@Test
	void anUnreachableServerShouldSaySoAndNameTheAddress(VaultFixture vault) {
		CliRun run = VaultCli.as(vault, "unused").with("VAULT_ADDR", "http://127.0.0.1:1").run("token", "list");
		assertThat(run.exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err().strip()).isEqualTo("Cannot list 'tokens' from Vault mount 'botkeeper': cannot reach Vault at "
				+ "http://127.0.0.1:1. Check VAULT_ADDR and that the server is running.");
		assertThat(run.out()).isEmpty();
	}

	@Test
	void anInvalidOrExpiredTokenShouldBeToldApartFromAMissingPolicy(VaultFixture vault) throws Exception {
		CliRun invalid = VaultCli.as(vault, "s.not-a-real-token").run("token", "list");
		String shortLived = LeakCanaries.plant(vault.root()
			.write("auth/token/create", Map.of("policies", List.of("botkeeper-admin"), "ttl", "1s"))
			.getAuth()
			.get("client_token")
			.toString());
		Thread.sleep(2500);
		CliRun expired = VaultCli.as(vault, shortLived).run("account", "show");
		CliRun noPolicy = VaultCli.as(vault, vault.tokenWithPolicies("default")).run("token", "list");

		assertThat(invalid.exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(invalid.err()).contains("invalid or expired").contains("vault login");
		assertThat(expired.err()).contains("Cannot read 'account").contains("invalid or expired");
		assertThat(noPolicy.err()).contains("403 permission denied").contains("policy 'botkeeper-admin'");
	}

	@Test
	void aMissingMountShouldBeNamedForAnOperatorToken(VaultFixture vault) {
		CliRun run = VaultCli.as(vault, vault.server().rootToken()).run("token", "show", "a/b", "--kv-mount", "no-such");
		assertThat(run.exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).contains("Vault has no mount 'no-such'").contains("botkeeper vault init");
	}

	@Test
	void skipVerifyAndAMissingTokenShouldBeBadInput(VaultFixture vault) {
		CliRun skip = VaultCli.as(vault, "x").with("VAULT_SKIP_VERIFY", "true").run("token", "list");
		CliRun noToken = VaultCli.as(vault, "x").with("VAULT_TOKEN", null).run("token", "list");
		CliRun badAddr = VaultCli.as(vault, "x").with("VAULT_ADDR", "vault.example.org").run("token", "list");

		assertThat(skip.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(skip.err()).contains("VAULT_SKIP_VERIFY").contains("VAULT_CACERT");
		assertThat(noToken.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(noToken.err()).contains("No Vault token").contains("~/.vault-token");
		assertThat(badAddr.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
	}

	@Test
	void theTokenShouldComeFromTheVaultTokenFileLikeTheVaultCli(VaultFixture vault) throws Exception {
		Path home = Files.createTempDirectory("botkeeper-home-");
		Path tokenFile = home.resolve(".vault-token");
		try {
			Files.writeString(tokenFile, vault.tokenWithPolicies("botkeeper-admin") + "\n");
			CliRun run = VaultCli.as(vault, "x").with("VAULT_TOKEN", null).with("HOME", home.toString()).run("token",
					"list");
			assertThat(run.exitCode()).as(run.describe()).isZero();
		}
		finally {
			// A token on disk outlives the test otherwise.
			Files.deleteIfExists(tokenFile);
			Files.deleteIfExists(home);
		}
	}

	@Test
	void aSealedServerShouldSaySoAndNothingShouldBeWritten() {
		// A server of this test's own: sealing the shared one would break every other test class.
		Path logDir = Path.of("target", "vault", "sealed");
		DevVault server = DevVaultLocator.standard(VaultServerExtension.requestedEngine(), List.of()).locate(DevVaultContext.defaults(logDir, Path.of(".")));
		try {
			assumeTrue(server.log().isPresent(), "only a server this test started may be sealed");
			VaultTemplate root = new VaultTemplate(VaultEndpoint.from(server.address()),
					new TokenAuthentication(server.rootToken()));
			root.write("sys/seal", Map.of());
			Map<String, String> env = Map.of("VAULT_ADDR", server.address().toString(), "VAULT_TOKEN", server.rootToken(),
					"HOME", logDir.toAbsolutePath().toString());

			CliRun put = CliRun.withEnv(env, LeakCanaries.classicPat() + "\n", "token", "put", "jupyterhub/binderhub");
			CliRun totp = CliRun.withEnv(env, "", "totp");

			assertThat(put.exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(put.err()).contains("is sealed").contains("vault operator unseal").doesNotContain("Exception");
			assertThat(totp.err()).contains("Cannot read").contains("botkeeper-totp").contains("is sealed");
			assertThat(put.out()).isEmpty();
		}
		finally {
			server.close();
		}
	}

}
