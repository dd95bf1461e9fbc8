package org.botkeeper.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * One organisation secret's state for {@code status}, from Vault alone: its record's latest version and
 * the broker's ledger. What GitHub holds now is the next sync's to find out.
 *
 * @param repositories the record's repositories, as its display copy shows them
 */
public record OrgSecretStatus(OrgSecretTarget target, SortedSet<String> repositories, long vaultVersion,
		long pushedVersion, BindingStatus.State state, String detail) {

	/** A record (its version and repositories) against its ledger entry, if any. */
	public static OrgSecretStatus of(OrgSecretTarget target, long version, SortedSet<String> repositories,
			Optional<OrgLedgerEntry> ledger) {
		// Nothing confirmed yet, and nothing failed: new, or a write whose confirmation was lost (an intent).
		if (ledger.isEmpty() || ledger.get().pushedVersion() == 0 && ledger.get().lastError().isEmpty()) {
			return new OrgSecretStatus(target, repositories, version, 0, BindingStatus.State.PENDING,
					"not written by botkeeper yet: the next sync creates it, or says why not");
		}
		OrgLedgerEntry entry = ledger.get();
		if (entry.lastError().isPresent()) {
			return new OrgSecretStatus(target, repositories, version, entry.pushedVersion(), BindingStatus.State.FAILING,
					entry.lastError().get());
		}
		if (entry.pushedVersion() != version) {
			return new OrgSecretStatus(target, repositories, version, entry.pushedVersion(), BindingStatus.State.PENDING,
					"version " + version + " in Vault is not on GitHub yet");
		}
		return new OrgSecretStatus(target, repositories, version, entry.pushedVersion(), BindingStatus.State.SYNCED,
				"every workflow of " + String.join(", ", repositories) + " can read it");
	}

	/** Every record's status, in the records' order. */
	public static List<OrgSecretStatus> of(List<Record> records, Map<OrgSecretTarget, OrgLedgerEntry> ledger) {
		List<OrgSecretStatus> statuses = new ArrayList<>();
		for (Record record : records) {
			statuses.add(of(record.target(), record.version(), record.repositories(),
					Optional.ofNullable(ledger.get(record.target()))));
		}
		return statuses;
	}

	/** What {@code status} knows of a record without reading its value. */
	public record Record(OrgSecretTarget target, long version, SortedSet<String> repositories) {
	}

	/** {@code org:[organisation]/NAME (2 repositories)}, as plans show it. */
	public String display() {
		return target.display(repositories.size());
	}

	public boolean needsAttention() {
		return state == BindingStatus.State.FAILING || state == BindingStatus.State.BLOCKED;
	}

}
