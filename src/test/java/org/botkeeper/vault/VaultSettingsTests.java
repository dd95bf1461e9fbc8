package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.testsupport.LeakCanaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultSettingsTests {

	@TempDir
	Path home;

	@Test
	void theEnvironmentShouldWinOverTheTokenFileAndNeverShowInToString() throws Exception {
		String token = LeakCanaries.plant("hvs." + LeakCanaries.password());
		Files.writeString(home.resolve(".vault-token"), "file-token\n");
		VaultSettings settings = VaultSettings.fromEnvironment(Map.of("VAULT_ADDR", "https://vault.example.org:8200",
				"VAULT_TOKEN", token, "HOME", home.toString(), "VAULT_NAMESPACE", "admin/bots"));
		assertThat(settings.token().reveal()).isEqualTo(token);
		assertThat(settings.namespace()).isEqualTo("admin/bots");
		assertThat(settings.toString()).doesNotContain(token).contains("vault.example.org");
	}

	@Test
	void withoutVaultTokenTheFileShouldBeReadAndTheAddressDefaultLikeTheVaultCli() throws Exception {
		String token = LeakCanaries.plant("hvs." + LeakCanaries.password());
		Files.writeString(home.resolve(".vault-token"), token + "\n");
		VaultSettings settings = VaultSettings.fromEnvironment(Map.of("HOME", home.toString()));
		assertThat(settings.token().reveal()).isEqualTo(token);
		assertThat(settings.address()).hasToString("https://127.0.0.1:8200");
	}

	@Test
	void skipVerifyShouldBeRefusedWhateverItsTruthyValue() {
		for (String value : new String[] { "1", "true", "yes" }) {
			assertThatThrownBy(() -> VaultSettings.fromEnvironment(Map.of("VAULT_SKIP_VERIFY", value, "VAULT_TOKEN", "x")))
				.isInstanceOf(UserFacingException.class)
				.hasMessageContaining("never turns off TLS verification");
		}
		assertThat(VaultSettings.fromEnvironment(Map.of("VAULT_SKIP_VERIFY", "false", "VAULT_TOKEN", "x"))).isNotNull();
	}

	@Test
	void missingFilesAndBadAddressesShouldBeBadInput() {
		assertThatThrownBy(() -> VaultSettings.fromEnvironment(Map.of("HOME", home.toString())))
			.hasMessageContaining("No Vault token");
		assertThatThrownBy(() -> VaultSettings.fromEnvironment(Map.of("VAULT_TOKEN", "x", "VAULT_CACERT",
				home.resolve("missing.pem").toString())))
			.hasMessageContaining("VAULT_CACERT");
		assertThatThrownBy(() -> VaultSettings.fromEnvironment(Map.of("VAULT_TOKEN", "x", "VAULT_ADDR", "ftp://x")))
			.hasMessageContaining("Invalid VAULT_ADDR");
	}

	@Test
	void aCaBundleAndAClientCertificateShouldBeAcceptedAsFiles() throws Exception {
		Path ca = Files.writeString(home.resolve("ca.pem"), "");
		VaultSettings settings = VaultSettings.fromEnvironment(Map.of("VAULT_TOKEN", "x", "VAULT_CACERT", ca.toString(),
				"VAULT_CAPATH", home.toString()));
		assertThat(settings.caCert()).isEqualTo(ca);
		assertThat(settings.caPath()).isEqualTo(home);
		assertThatThrownBy(() -> VaultConnection.open(VaultSettings.fromEnvironment(Map.of("VAULT_TOKEN", "x",
				"VAULT_CLIENT_CERT", ca.toString()))))
			.hasMessageContaining("VAULT_CLIENT_KEY");
	}

}
