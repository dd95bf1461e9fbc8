package org.botkeeper.sync;

import java.time.Instant;
import java.util.List;
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
	 * @param holder who holds it (name, host and process, for people reading a refusal, and for telling
	 *        whether a holder on this machine is gone)
	 * @param fencing grows by one with every new holder; ledger writes carry it
	 * @param history the lease's takeovers and breaks, newest last, carried into every new version
	 */
	record Record(LeaseHolder holder, long fencing, Instant expiresAt, List<LeaseEvent> history) {

		/** How many history entries are kept. */
		public static final int HISTORY = 20;

		public Record {
			history = List.copyOf(history.size() > HISTORY ? history.subList(history.size() - HISTORY, history.size())
					: history);
		}

		public Record(LeaseHolder holder, long fencing, Instant expiresAt) {
			this(holder, fencing, expiresAt, List.of());
		}

		/** The same lease with a new expiry (renewed, or released when in the past). */
		Record until(Instant newExpiry) {
			return new Record(holder, fencing, newExpiry, history);
		}

	}

	record Versioned(Record lease, long version) {

	}

}
