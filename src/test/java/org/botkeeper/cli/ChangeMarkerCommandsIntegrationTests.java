package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.TestAppKeys;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.ChangeMarkers;
import org.botkeeper.vault.PolicyDocuments;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultLayout;
import org.botkeeper.vault.VaultSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every change made through the command line marks itself for serve ({@link ChangeMarkers}), as the
 * broker reads it back: {@code token put} (a token, an App key), {@code token rm}, {@code writer set};
 * a change that was refused marks nothing; a policy that may not write the marker still stores the
 * change and says that serve learns of it later.
 */
@ExtendWith(VaultServerExtension.class)
class ChangeMarkerCommandsIntegrationTests {

	private VaultCli admin;

	private ChangeMarkers broker;

	private RepositoryName repo;

	@BeforeAll
	static void policies(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		vault.ensureTotp("botkeeper-totp");
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);
	}

	@BeforeEach
	void setUp(VaultFixture vault) {
		admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		broker = new ChangeMarkers(VaultConnection.open(VaultSettings.fromEnvironment(Map.of("VAULT_ADDR",
				vault.server().address().toString(), "VAULT_TOKEN", vault.tokenWithPolicies("botkeeper-broker")))),
				VaultLayout.defaults(), "botkeeper-broker");
		repo = RepositoryName.parse("ch-" + UUID.randomUUID().toString().substring(0, 8) + "/Binderhub");
	}

	@Test
	void tokenPutAndRmShouldEachMarkTheirRepository() {
		long before = broker.version();
		CliRun put = admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo.toString());
		long afterPut = broker.version();
		CliRun rm = admin.run("token", "rm", repo.toString(), "--yes");

		assertThat(put.exitCode()).as(put.describe()).isZero();
		assertThat(rm.exitCode()).as(rm.describe()).isZero();
		assertThat(put.err() + rm.err()).doesNotContain("serve was not told");
		assertThat(broker.since(before, afterPut)).isEqualTo(new ChangeMarkers.Pending(Set.of(repo), false));
		assertThat(broker.since(afterPut, broker.version())).isEqualTo(new ChangeMarkers.Pending(Set.of(repo), false));
	}

	@Test
	void anAppKeyPutShouldMarkItsRepository() {
		long before = broker.version();
		String pem = LeakCanaries.plant(TestAppKeys.pkcs8Pem(TestAppKeys.generate()));
		CliRun put = admin.withStdin(pem, "token", "put", repo.toString(), "--app-id", "123456", "--installation-id",
				"7890123");

		assertThat(put.exitCode()).as(put.describe()).isZero();
		assertThat(broker.since(before, broker.version())).isEqualTo(new ChangeMarkers.Pending(Set.of(repo), false));
	}

	@Test
	void writerSetShouldMarkEveryBinding() {
		long before = broker.version();
		CliRun set = admin.withStdin(LeakCanaries.classicPat() + "\n", "writer", "set", "--pat");

		assertThat(set.exitCode()).as(set.describe()).isZero();
		assertThat(broker.since(before, broker.version()).everything()).isTrue();
	}

	@Test
	void aRefusedPutShouldMarkNothing() {
		admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo.toString());
		long before = broker.version();

		CliRun stale = admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo.toString(), "--cas", "0");
		CliRun missing = admin.run("token", "rm", repo + "-gone", "--yes");

		assertThat(stale.exitCode()).isNotZero();
		assertThat(missing.exitCode()).isNotZero();
		assertThat(broker.version()).isEqualTo(before);
	}

	@Test
	void aMaintainerShouldMarkItsRepositoryAndAnOldPolicyShouldStillStoreTheToken(VaultFixture vault) {
		String current = "botkeeper-maintainer-" + repo.owner();
		String text = new PolicyDocuments(VaultLayout.defaults()).maintainer(List.of(repo));
		vault.root().write("sys/policies/acl/" + current, Map.of("policy", text));
		// What 'vault policy maintainer' generated before change markers existed.
		String old = current + "-old";
		vault.root().write("sys/policies/acl/" + old,
				Map.of("policy", text.replaceAll("(?s)path \"botkeeper/(data|metadata)/changes\" \\{.*?\\}\n", "")));
		long before = broker.version();

		CliRun put = VaultCli.as(vault, vault.tokenWithPolicies(current))
			.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo.toString());
		long afterPut = broker.version();
		CliRun oldPut = VaultCli.as(vault, vault.tokenWithPolicies(old))
			.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo.toString());

		assertThat(put.exitCode()).as(put.describe()).isZero();
		assertThat(broker.since(before, afterPut)).isEqualTo(new ChangeMarkers.Pending(Set.of(repo), false));
		assertThat(oldPut.exitCode()).as(oldPut.describe()).isZero();
		assertThat(oldPut.out()).contains("as version 2");
		assertThat(oldPut.err()).contains("Warning: The token for " + repo + " is stored, but serve was not told at once")
			.contains("403").contains("full cycle").contains("botkeeper vault policy maintainer");
		assertThat(broker.version()).isEqualTo(afterPut);
	}

}
