package org.botkeeper.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * One record that replicas compete for, written only with check-and-set (Vault KV v2 {@code cas}), so
 * that of two replicas writing against the same version exactly one succeeds.
 */
public interface LeaseStore {

	/** The record as it is now, with the version a check-and-set must name. */
	Optional<Versioned> read();

	/**
	 * Writes {@code lease} only if the stored version is still {@code expectedVersion} (0: no record
	 * yet); returns the new version, or empty when someone else wrote first.
	 */
	Optional<Long> compareAndSet(long expectedVersion, Record lease);

	/**
	 * @param holder who holds it (host and process, for people reading {@code status})
	 * @param fencing grows by one with every new holder; ledger writes carry it
	 */
	record Record(String holder, long fencing, Instant expiresAt) {

	}

	record Versioned(Record lease, long version) {

	}

}
