package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DestinationKind;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.PushReceipt;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.botkeeper.sync.Validators;
import org.junit.jupiter.api.Test;

/**
 * The fields of a ledger record at {@code sync/owner/repo}: GitHub's ETags survive the round trip, and
 * records written before they existed (or by a later botkeeper, with fields this one does not know)
 * still read.
 */
class VaultLedgerRecordTests {

	private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

	private static final RepositoryName REPOSITORY = RepositoryName.parse("jupyterhub/binderhub");

	private static final Binding BINDING = new Binding(REPOSITORY, new EnvironmentName("botkeeper"),
			new SecretName("BOT_TOKEN"));

	private static final Validators SEEN = new Validators(Optional.of("W/\"secret-etag\""));

	private static LedgerEntry confirmed(Validators validators) {
		return LedgerEntry.confirmed(BINDING, 3, new PushReceipt(AT, "key-7", validators), Optional.empty(), AT);
	}

	/** As Vault hands a record back: every value a string. */
	private static Map<String, Object> stored(LedgerEntry entry) {
		Map<String, Object> fields = new HashMap<>();
		VaultLedger.fields(entry).forEach((name, value) -> fields.put(name, value.toString()));
		return fields;
	}

	@Test
	void theEtagsShouldSurviveTheRoundTripWithTheValuesTheyGoWith() {
		LedgerEntry entry = confirmed(SEEN);

		LedgerEntry read = VaultLedger.entry(REPOSITORY, stored(entry)).orElseThrow();

		assertThat(read).isEqualTo(entry);
		assertThat(read.validators()).isEqualTo(SEEN);
		assertThat(read.githubUpdatedAt()).contains(AT);
		assertThat(read.keyId()).contains("key-7");
	}

	@Test
	void aRecordWrittenBeforeEtagsWereKeptShouldReadWithoutThem() {
		Map<String, Object> old = stored(confirmed(SEEN));
		old.remove("github_secret_etag");
		old.put("github_key_etag", "W/\"key-etag\""); // kept by earlier versions, no longer read

		LedgerEntry read = VaultLedger.entry(REPOSITORY, old).orElseThrow();

		assertThat(read.validators()).isEqualTo(Validators.NONE);
		assertThat(read.pushedVersion()).isEqualTo(3);
		assertThat(read.githubUpdatedAt()).contains(AT);
	}

	@Test
	void aRecordWithoutEtagsShouldBeWrittenWithoutThem() {
		assertThat(VaultLedger.fields(confirmed(Validators.NONE))).doesNotContainKeys("github_secret_etag",
				"github_key_etag");
		assertThat(VaultLedger.fields(confirmed(SEEN))).as("plans no longer read the key").doesNotContainKey(
				"github_key_etag");
	}

	@Test
	void fieldsALaterVersionAddsShouldBeIgnored() {
		Map<String, Object> newer = stored(confirmed(SEEN));
		newer.put("github_something_new", "whatever");

		assertThat(VaultLedger.entry(REPOSITORY, newer)).contains(confirmed(SEEN));
	}

	@Test
	void anEtagWithoutTheValueItVouchesForShouldBeDropped() {
		Map<String, Object> fields = stored(confirmed(SEEN));
		fields.remove("github_updated_at");
		fields.remove("key_id");

		LedgerEntry read = VaultLedger.entry(REPOSITORY, fields).orElseThrow();

		assertThat(read.validators()).as("a 304 to it would have no value to answer with").isEqualTo(Validators.NONE);
	}

	@Test
	void aBindingOutsideAnEnvironmentAndRetiredTargetsOfEveryKindShouldSurviveTheRoundTrip() {
		Binding dependabot = new Binding(REPOSITORY, null, new SecretName("BOT_TOKEN"), DestinationKind.DEPENDABOT);
		Binding repositorySecret = new Binding(REPOSITORY, null, new SecretName("OLD"), DestinationKind.REPOSITORY);
		// An environment may be named like a kind: the record keeps the two lists apart.
		Binding namedLikeAKind = new Binding(REPOSITORY, new EnvironmentName("repository"), new SecretName("OLD"));
		LedgerEntry entry = new LedgerEntry(dependabot, true, 2, Optional.of(AT), Optional.empty(), Optional.of(AT),
				Optional.empty(), LedgerEntry.Outcome.SYNCED, Optional.empty(), AT, List.of(repositorySecret, namedLikeAKind),
				SEEN);

		LedgerEntry read = VaultLedger.entry(REPOSITORY, stored(entry)).orElseThrow();

		assertThat(read.binding()).isEqualTo(dependabot);
		assertThat(read.retired()).containsExactlyInAnyOrder(repositorySecret, namedLikeAKind);
		assertThat(stored(entry)).doesNotContainKey("environment").containsEntry("destination", "dependabot");
	}

}
