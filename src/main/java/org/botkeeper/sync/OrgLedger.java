package org.botkeeper.sync;

import java.util.Map;
import java.util.Optional;

/**
 * The broker's records of organisation secrets, as {@link Ledger} keeps those of repository bindings:
 * written with check-and-set, failures of one record throw {@link ItemFailedException}, of the whole
 * store {@link RunAbortedException}.
 */
public interface OrgLedger {

	/** A record and the KV version it was read at (0: none), for check-and-set. */
	record Versioned(Optional<OrgLedgerEntry> entry, long version) {
	}

	Map<OrgSecretTarget, OrgLedgerEntry> entries();

	Optional<Versioned> read(OrgSecretTarget target);

	/** Writes {@code entry} if its record is still at {@code expectedVersion}; empty when it moved. */
	Optional<Long> compareAndSet(long expectedVersion, OrgLedgerEntry entry);

	void remove(OrgSecretTarget target);

	/** Whether {@code failure} may pass if the call is made again in a moment, as {@link Ledger#passing}. */
	default boolean passing(RuntimeException failure) {
		return false;
	}

}
