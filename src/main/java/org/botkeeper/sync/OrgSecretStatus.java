package org.botkeeper.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * One organisation secret's state for {@code status}: from Vault alone (its record's latest version and
 * the broker's ledger; what GitHub holds now is the next sync's to find out), or with the plan of a
 * sync that asked GitHub ({@link #planned}, {@code status --drift}).
 *
 * @param repositories the record's repositories, as its display copy shows them
 * @param drift the plan found the secret changed or deleted on GitHub outside botkeeper, its selected
 *        repositories changed, or its visibility widened
 * @param driftChecked whether GitHub was asked and answered for this secret
 */
public record OrgSecretStatus(OrgSecretTarget target, SortedSet<String> repositories, long vaultVersion,
		long pushedVersion, BindingStatus.State state, String detail, boolean drift, boolean driftChecked) {

	/** What GitHub holds differs from what botkeeper wrote: the plan's reasons that are drift. */
	private static final java.util.Set<Reason> DRIFT = java.util.EnumSet.of(Reason.CHANGED_OUT_OF_BAND,
			Reason.DELETED_OUT_OF_BAND, Reason.SELECTION_CHANGED, Reason.VISIBILITY_WIDENED);

	/** As Vault alone tells it: drift not checked. */
	public OrgSecretStatus(OrgSecretTarget target, SortedSet<String> repositories, long vaultVersion,
			long pushedVersion, BindingStatus.State state, String detail) {
		this(target, repositories, vaultVersion, pushedVersion, state, detail, false, false);
	}

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

	/**
	 * {@code recorded} as a plan that asked GitHub sees them: each with its item's state, explanation and
	 * drift. An item that FAILED (GitHub or Vault not read, a repository the writer cannot see) leaves drift
	 * unknown; a status with no item (a record written since the plan read Vault) keeps its recorded state.
	 */
	public static List<OrgSecretStatus> planned(List<OrgSecretStatus> recorded, List<OrgPlanItem> items) {
		Map<OrgSecretTarget, OrgPlanItem> byTarget = new java.util.HashMap<>();
		items.forEach(item -> byTarget.put(item.target(), item));
		return recorded.stream()
			.map(status -> Optional.ofNullable(byTarget.get(status.target())).map(status::planned).orElse(status))
			.toList();
	}

	private OrgSecretStatus planned(OrgPlanItem item) {
		// As for a binding: a last attempt that failed stays FAILING until a write succeeds.
		BindingStatus.State planned = switch (item.action()) {
			case BLOCKED -> BindingStatus.State.BLOCKED;
			case FAILED -> BindingStatus.State.FAILING;
			default -> state == BindingStatus.State.FAILING ? BindingStatus.State.FAILING
					: item.action() == Action.NOOP && item.reason() == Reason.UP_TO_DATE ? BindingStatus.State.SYNCED
							: BindingStatus.State.PENDING;
		};
		String why = item.action() == Action.NOOP ? detail : item.explanation();
		return new OrgSecretStatus(target, repositories, vaultVersion, pushedVersion, planned, why,
				DRIFT.contains(item.reason()), item.action() != Action.FAILED);
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
