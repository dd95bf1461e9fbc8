package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DesiredSecret;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.Ledger;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SyncLease;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sync engine's Vault adapters against the real server, acting with a token bound to
 * {@code vault-policies/botkeeper-broker.hcl} (the admin policy stores the tokens).
 */
@ExtendWith(VaultServerExtension.class)
class VaultSyncAdaptersIntegrationTests {

	private final VaultLayout layout = VaultLayout.defaults();

	private final TokenDefaults defaults = TokenDefaults.fromEnvironment(Map.of());

	private VaultConnection admin;

	private VaultConnection broker;

	private RepositoryName repository;

	@BeforeEach
	void setUp(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		vault.writePolicy("botkeeper-admin");
		vault.writePolicy("botkeeper-broker");
		admin = connect(vault, vault.tokenWithPolicies("botkeeper-admin"));
		broker = connect(vault, vault.tokenWithPolicies("botkeeper-broker"));
		repository = RepositoryName.parse("it-" + UUID.randomUUID().toString().substring(0, 8) + "/repo");
	}

	static VaultConnection connect(VaultFixture vault, String token) {
		return VaultConnection.open(VaultSettings.fromEnvironment(
				Map.of("VAULT_ADDR", vault.server().address().toString(), "VAULT_TOKEN", token)));
	}

	private TokenStore tokens() {
		return new TokenStore(admin, layout, defaults, "botkeeper-admin");
	}

	@Test
	void sourceShouldDescribeTokensFromMetadataAndReadExactlyThePlannedVersion() {
		String first = LeakCanaries.fineGrainedPat();
		String second = LeakCanaries.fineGrainedPat();
		tokens().put(repository, SecretValue.of(first),
				new TokenStore.TokenChange(null, null, LocalDate.parse("2027-01-31"), null), null);
		tokens().put(repository, SecretValue.of(second), new TokenStore.TokenChange(null, null, null, null), null);
		VaultSecretSource source = new VaultSecretSource(broker, layout, defaults);

		DesiredSecret desired = source.desired(Set.of(repository)).get(0);
		assertThat(desired.binding()).hasToString(repository + ":jupyterhub-bot/JUPYTERHUB_BOT_PAT");
		assertThat(desired.version()).isEqualTo(2);
		try (SecretValue v1 = source.read(desired.binding(), 1); SecretValue v2 = source.read(desired.binding(), 2)) {
			assertThat(v1.reveal()).isEqualTo(first);
			assertThat(v2.reveal()).isEqualTo(second);
		}
		assertThat(source.desired(Set.of())).extracting(DesiredSecret::binding).contains(desired.binding());
	}

	@Test
	void ledgerShouldRoundTripEveryFieldAndForgetARemovedRecord() {
		VaultLedger ledger = new VaultLedger(broker, layout);
		Binding binding = new Binding(repository, defaults.environment(), defaults.secretName());
		Instant at = Instant.parse("2026-11-25T12:00:00Z");
		long first = ledger.compareAndSet(0, LedgerEntry.intent(binding, 3, Optional.empty(), at)).orElseThrow();
		LedgerEntry confirmed = new LedgerEntry(binding, true, 3, Optional.of(at.plusSeconds(1)), Optional.of("key-7"),
				Optional.of(at.plusSeconds(2)), Optional.empty(), LedgerEntry.Outcome.SYNCED, Optional.empty(),
				at.plusSeconds(2), java.util.List.of(new Binding(repository, new org.botkeeper.sync.EnvironmentName("old env/x"),
						new org.botkeeper.sync.SecretName("OLD_PAT"))));
		assertThat(ledger.compareAndSet(first - 1, confirmed)).as("a write against a version already replaced").isEmpty();
		assertThat(ledger.compareAndSet(first, confirmed)).contains(first + 1);

		assertThat(ledger.entries()).containsEntry(repository, confirmed);
		assertThat(ledger.read(repository)).contains(new Ledger.Versioned(Optional.of(confirmed), first + 1));
		ledger.remove(repository);
		assertThat(ledger.entries()).doesNotContainKey(repository);
	}

	@Test
	void ledgerEntriesOfAFewRepositoriesShouldReadThoseAndFindARecordUnderAnOlderSpelling(VaultFixture vault) {
		VaultLedger ledger = new VaultLedger(broker, layout);
		Instant at = Instant.parse("2026-11-25T12:00:00Z");
		LedgerEntry lowerCase = LedgerEntry.intent(new Binding(repository, defaults.environment(), defaults.secretName()),
				1, Optional.empty(), at);
		ledger.compareAndSet(0, lowerCase).orElseThrow();
		// An earlier botkeeper kept the spelling it was given in the path.
		RepositoryName spelled = RepositoryName.parse(repository.owner() + "/Old-Spelling");
		vault.root().write("botkeeper/data/sync/" + spelled, Map.of("data", VaultLedger.fields(
				LedgerEntry.intent(new Binding(spelled, defaults.environment(), defaults.secretName()), 2, Optional.empty(), at))));
		RepositoryName none = RepositoryName.parse(repository.owner() + "/never-synced");

		var entries = new VaultLedger(broker, layout)
			.entries(Set.of(repository, RepositoryName.parse(repository.owner() + "/old-spelling"), none));

		assertThat(entries).containsEntry(repository, lowerCase).doesNotContainKey(none).hasSize(2);
		assertThat(entries.keySet()).extracting(RepositoryName::toString).contains(spelled.toString());
		assertThat(entries.get(spelled).pendingVersion()).contains(2L);
	}

	@Test
	void theBrokerShouldNotBeAbleToReadTheAccountSoASourceOnTheWrongPathFailsOneItem(VaultFixture vault) {
		new AccountStore(admin, layout).set("jupyterhub-bot", SecretValue.of(LeakCanaries.password()));
		KvRecords kv = new KvRecords(broker, layout, "botkeeper-broker");
		assertThatThrownBy(() -> kv.data(VaultLayout.ACCOUNT, 0)).hasMessageContaining("403 permission denied");
		VaultSecretSource source = new VaultSecretSource(broker, layout, defaults);
		Binding unknown = new Binding(repository, defaults.environment(), defaults.secretName());
		assertThatThrownBy(() -> source.read(unknown, 1)).isInstanceOf(ItemFailedException.class);
	}

	@Test
	void twoReplicasShouldNeverBothHoldTheLease() {
		String lease = "lease-" + UUID.randomUUID();
		SyncLease first = new SyncLease(new VaultLeaseStore(broker, layout), Clock.systemUTC(), Duration.ofSeconds(30));
		SyncLease second = new SyncLease(new VaultLeaseStore(broker, layout), Clock.systemUTC(), Duration.ofSeconds(30));
		// The lease record is shared by every test of the run (a killed child JVM may have left it
		// held): start from an expired one, written with check-and-set like any lease write.
		VaultLeaseStore store = new VaultLeaseStore(broker, layout);
		store.read().ifPresent(current -> store.compareAndSet(current.version(),
				new org.botkeeper.sync.LeaseStore.Record(org.botkeeper.sync.LeaseHolder.named("nobody"), current.lease().fencing(), java.time.Instant.EPOCH)));

		Optional<SyncLease.Grant> a = first.acquire("replica-a-" + lease);
		Optional<SyncLease.Grant> b = second.acquire("replica-b-" + lease);
		assertThat(a.isPresent() ^ b.isPresent()).as("exactly one replica holds the lease").isTrue();
		a.ifPresent(SyncLease.Grant::release);
		b.ifPresent(SyncLease.Grant::release);
	}

}
