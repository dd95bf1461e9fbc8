package org.botkeeper.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DateShiftingProxy;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.Rfc6238;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TOTP under clock skew: the code is Vault's, so it stays right; the CLI warns when this machine's
 * clock and Vault's {@code Date} differ by more than 15 s. Vault's clock is moved by a proxy that
 * shifts the header, not by touching any clock.
 */
@ExtendWith(VaultServerExtension.class)
class TotpClockSkewIntegrationTests {

	private static final String MOUNT = "botkeeper-totp-skew";

	private Map<String, String> env(VaultFixture vault, String address) {
		vault.ensureTotp(MOUNT);
		vault.root().write("sys/policies/acl/totp-skew-reader",
				Map.of("policy", "path \"" + MOUNT + "/code/account\" { capabilities = [\"read\"] }"));
		return Map.of("VAULT_ADDR", address, "VAULT_TOKEN", vault.tokenWithPolicies("totp-skew-reader"), "HOME",
				System.getProperty("user.home"));
	}

	private String importSeed(VaultFixture vault) {
		vault.ensureTotp(MOUNT);
		String seed = LeakCanaries.totpSeed();
		vault.root().write(MOUNT + "/keys/account", Map.of("key", seed, "generate", false, "issuer", "GitHub",
				"account_name", "skew-bot"));
		return seed;
	}

	@Test
	void aClockFarFromVaultsShouldBeWarnedAboutAndTheCodeShouldStillBeVaults(VaultFixture vault) {
		String seed = importSeed(vault);
		try (DateShiftingProxy ahead = DateShiftingProxy.start(vault.server().address(), Duration.ofSeconds(60))) {
			CliRun run = CliRun.withEnv(env(vault, ahead.address().toString()), "", "totp", "--totp-mount", MOUNT);
			assertThat(run.exitCode()).as(run.describe()).isZero();
			assertThat(run.err()).as(run.describe()).contains("Warning: this machine's clock is")
				.containsPattern("(59|60|61) s behind");
			long step = java.time.Instant.now().getEpochSecond() / 30;
			assertThat(run.out().strip()).as("Vault's code for its own (unshifted) time")
				.isIn(Rfc6238.code(seed, "SHA1", 6, step - 1), Rfc6238.code(seed, "SHA1", 6, step),
						Rfc6238.code(seed, "SHA1", 6, step + 1));
		}
	}

	@Test
	void aClockWithinFifteenSecondsShouldNotBeWarnedAbout(VaultFixture vault) {
		importSeed(vault);
		try (DateShiftingProxy close = DateShiftingProxy.start(vault.server().address(), Duration.ofSeconds(5))) {
			CliRun run = CliRun.withEnv(env(vault, close.address().toString()), "", "totp", "--totp-mount", MOUNT);
			assertThat(run.exitCode()).as(run.describe()).isZero();
			assertThat(run.err()).doesNotContain("Warning");
		}
	}

	@Test
	void readingTheKeyWithTheAdminsCapabilityShouldNeverShowTheSeed(VaultFixture vault) {
		String seed = importSeed(vault);
		// The admin policy may read botkeeper-totp/keys/account (to show issuer and period); the same
		// capability on this test's own mount proves that Vault returns no seed with it.
		vault.root().write("sys/policies/acl/totp-skew-keys",
				Map.of("policy", "path \"" + MOUNT + "/keys/account\" { capabilities = [\"read\"] }"));
		var key = vault.template(vault.tokenWithPolicies("totp-skew-keys")).read(MOUNT + "/keys/account");
		assertThat(key.getData()).as("the key's parameters are readable").containsKey("period");
		LeakCanaries.assertNoLeak("a read of the TOTP key", String.valueOf(key.getData()));
		assertThat(String.valueOf(key.getData())).doesNotContain(seed);
	}

}
