package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;

import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The paths reserved for the sync engine, used the way it will use them: the broker writes its ledger
 * and takes the lease with check-and-set; admins and auditors read the ledger; nobody else writes it.
 */
@ExtendWith(VaultServerExtension.class)
class KvRecordsIntegrationTests {

	@BeforeAll
	static void policies(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);
	}

	@Test
	void theBrokerShouldWriteItsLedgerWithCheckAndSetAndAdminsAndAuditorsShouldReadIt(VaultFixture vault) {
		String ledger = VaultLayout.ledgerPath(RepositoryName.parse("kv-" + UUID.randomUUID().toString().substring(0, 8) + "/r"));
		KvRecords broker = records(vault, "botkeeper-broker");

		long first = broker.put(ledger, Map.of("pushed_version", 1, "outcome", "created"), 0);
		long second = broker.put(ledger, Map.of("pushed_version", 2, "outcome", "updated"), first);

		assertThat(second).isEqualTo(first + 1);
		assertThatThrownBy(() -> broker.put(ledger, Map.of("pushed_version", 9), first))
			.isInstanceOf(CheckAndSetException.class);
		assertThat(records(vault, "botkeeper-admin").data(ledger, 0).orElseThrow()).containsEntry("outcome", "updated");
		assertThat(records(vault, "botkeeper-auditor").data(ledger, 0).orElseThrow()).containsEntry("pushed_version", 2);
		assertThat(records(vault, "botkeeper-auditor").data(ledger, first).orElseThrow()).containsEntry("outcome",
				"created");
		assertThatThrownBy(() -> records(vault, "botkeeper-admin").put(ledger, Map.of("outcome", "forged"), second))
			.isInstanceOf(VaultPermissionException.class)
			.hasMessageContaining("403 permission denied");
	}

	@Test
	void twoBrokersTakingTheLeaseAtTheSameVersionShouldNotBothWin(VaultFixture vault) {
		KvRecords one = records(vault, "botkeeper-broker");
		KvRecords two = records(vault, "botkeeper-broker");
		long current = one.metadata(VaultLayout.LEASE).map(KvMetadata::currentVersion).orElse(0L);

		one.put(VaultLayout.LEASE, Map.of("holder", "replica-1", "fence", current + 1), current);

		assertThatThrownBy(() -> two.put(VaultLayout.LEASE, Map.of("holder", "replica-2"), current))
			.isInstanceOf(CheckAndSetException.class);
		assertThat(two.data(VaultLayout.LEASE, 0).orElseThrow()).containsEntry("holder", "replica-1");
	}

	private static KvRecords records(VaultFixture vault, String policy) {
		VaultConnection connection = VaultConnection.open(VaultSettings.fromEnvironment(
				Map.of("VAULT_ADDR", vault.server().address().toString(), "VAULT_TOKEN", vault.tokenWithPolicies(policy))));
		return new KvRecords(connection, VaultLayout.defaults(), policy);
	}

}
