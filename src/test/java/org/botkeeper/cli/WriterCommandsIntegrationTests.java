package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.BotTokenStore;
import org.botkeeper.vault.PolicyDocuments;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultLayout;
import org.botkeeper.vault.VaultSettings;
import org.botkeeper.vault.WriterCredential;
import org.botkeeper.vault.WriterStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code writer set|show} and {@code bot-token set|show}: admins write, the broker reads, nobody sees. */
@ExtendWith(VaultServerExtension.class)
class WriterCommandsIntegrationTests {

	@BeforeAll
	static void policies(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);
	}

	@Test
	void anAppWriterShouldBeStoredForTheBrokerAndShownWithoutItsKey(VaultFixture vault) {
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		String body = LeakCanaries.plant(LeakCanaries.password() + LeakCanaries.password());
		String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n";

		CliRun set = admin.withStdin(pem, "writer", "set", "--app-id", "123456", "--installation-id", "7890123");
		CliRun show = admin.run("writer", "show", "--format", "json");

		assertThat(set.exitCode()).as(set.describe()).isZero();
		assertThat(set.out()).contains("GitHub App 123456, installation 7890123");
		assertThat(show.out()).contains("\"kind\" : \"app\"").contains("\"app_id\" : \"123456\"")
			.contains("\"installation_id\" : \"7890123\"");
		try (WriterCredential credential = writerStore(vault, "botkeeper-broker").read().orElseThrow()) {
			assertThat(credential).isInstanceOfSatisfying(WriterCredential.App.class, app -> {
				assertThat(app.appId()).isEqualTo(123456);
				assertThat(app.installationId()).isEqualTo(7890123);
				assertThat(app.privateKey().reveal()).isEqualTo(pem);
				assertThat(app.toString()).doesNotContain(body);
			});
		}
		// The admin can write the key but not read it back.
		assertThat(vault.http(vault.tokenWithPolicies("botkeeper-admin")).get("botkeeper/data/writer").status())
			.isEqualTo(403);
	}

	@Test
	void aPatWriterShouldBeCheckedForItsPrefixAndShowOnlyItsKind(VaultFixture vault) {
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		String pat = LeakCanaries.fineGrainedPat();

		CliRun bad = admin.withStdin(LeakCanaries.password() + "\n", "writer", "set", "--pat");
		CliRun set = admin.withStdin(pat + "\n", "writer", "set", "--pat");
		CliRun show = admin.run("writer", "show");

		assertThat(bad.exitCode()).as(bad.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(set.exitCode()).as(set.describe()).isZero();
		assertThat(show.out()).contains("kind:").contains("pat").contains("app id:          -");
		try (WriterCredential credential = writerStore(vault, "botkeeper-broker").read().orElseThrow()) {
			assertThat(credential).isInstanceOfSatisfying(WriterCredential.Pat.class,
					p -> assertThat(p.token().reveal()).isEqualTo(pat));
		}
	}

	@Test
	void writerSetShouldRefuseMissingOrMixedOptionsAndANonPemKey(VaultFixture vault) {
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		assertThat(admin.run("writer", "set").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(admin.run("writer", "set", "--app-id", "1").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(admin.run("writer", "set", "--pat", "--app-id", "1", "--installation-id", "2").exitCode())
			.isEqualTo(ExitCodes.BAD_INPUT);
		CliRun notPem = admin.withStdin(LeakCanaries.password(), "writer", "set", "--app-id", "1", "--installation-id",
				"2");
		assertThat(notPem.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(notPem.err()).contains("PEM");
	}

	@Test
	void theAuditorShouldSeeTheWriterKindAndTheBrokerShouldNotWriteIt(VaultFixture vault) {
		VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"))
			.withStdin(LeakCanaries.classicPat() + "\n", "writer", "set", "--pat");
		CliRun audit = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-auditor")).run("writer", "show");
		CliRun brokerWrite = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-broker"))
			.withStdin(LeakCanaries.classicPat() + "\n", "writer", "set", "--pat");

		assertThat(audit.exitCode()).as(audit.describe()).isZero();
		assertThat(audit.out()).contains("pat");
		assertThat(brokerWrite.exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(brokerWrite.err()).contains("403 permission denied");
	}

	@Test
	void theBotTokenShouldBeSetByAnAdminAndReadByTheBrokerOnly(VaultFixture vault) {
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		String token = LeakCanaries.classicPat();

		CliRun set = admin.withStdin(token + "\n", "bot-token", "set");
		CliRun show = admin.run("bot-token", "show", "--format", "json");

		assertThat(set.exitCode()).as(set.describe()).isZero();
		assertThat(show.out()).contains("\"version\" : ");
		VaultConnection broker = connection(vault, "botkeeper-broker");
		try (var value = new BotTokenStore(broker, VaultLayout.defaults(), "botkeeper-broker").read().orElseThrow()) {
			assertThat(value.reveal()).isEqualTo(token);
		}
		assertThat(vault.http(vault.tokenWithPolicies("botkeeper-admin")).get("botkeeper/data/bot-token").status())
			.isEqualTo(403);
	}

	private static WriterStore writerStore(VaultFixture vault, String policy) {
		return new WriterStore(connection(vault, policy), VaultLayout.defaults(), policy);
	}

	private static VaultConnection connection(VaultFixture vault, String policy) {
		return VaultConnection.open(VaultSettings.fromEnvironment(Map.of("VAULT_ADDR",
				vault.server().address().toString(), "VAULT_TOKEN", vault.tokenWithPolicies(policy))));
	}

}
