package org.botkeeper.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Lets one replica at a time apply, through a lease record in Vault (no consensus of our own). The
 * holder renews the lease while it works; every write is preceded by {@link Grant#check()}, which
 * renews with check-and-set when half the lease has passed. A holder that was paused past its
 * lease finds its version overwritten by the new holder, fails the check, and writes nothing more.
 */
public final class SyncLease {

	private final LeaseStore store;

	private final Clock clock;

	private final Duration ttl;

	public SyncLease(LeaseStore store, Clock clock, Duration ttl) {
		this.store = store;
		this.clock = clock;
		this.ttl = ttl;
	}

	/** Takes the lease if it is free, expired, or already ours; empty when another replica holds it. */
	public Optional<Grant> acquire(String holder) {
		Optional<LeaseStore.Versioned> current = store.read();
		Instant now = clock.instant();
		if (current.isPresent() && !current.get().lease().holder().equals(holder)
				&& current.get().lease().expiresAt().isAfter(now)) {
			return Optional.empty();
		}
		long expected = current.map(LeaseStore.Versioned::version).orElse(0L);
		long fencing = current.map(c -> c.lease().fencing()).orElse(0L) + 1;
		LeaseStore.Record record = new LeaseStore.Record(holder, fencing, now.plus(ttl));
		return store.compareAndSet(expected, record).map(version -> new Grant(record, version));
	}

	/** Who holds the lease now, if anyone (for status output). */
	public Optional<LeaseStore.Record> holder() {
		return store.read().map(LeaseStore.Versioned::lease).filter(lease -> lease.expiresAt().isAfter(clock.instant()));
	}

	/** A held lease; its {@link #check()} is the {@link WriteFence} the applier calls before each write. */
	public final class Grant implements WriteFence {

		private LeaseStore.Record record;

		private long version;

		private Grant(LeaseStore.Record record, long version) {
			this.record = record;
			this.version = version;
		}

		public long fencing() {
			return record.fencing();
		}

		@Override
		public void check() {
			Instant now = clock.instant();
			Instant renewAt = record.expiresAt().minus(ttl.dividedBy(2));
			if (now.isBefore(renewAt)) {
				return;
			}
			LeaseStore.Record renewed = new LeaseStore.Record(record.holder(), record.fencing(), now.plus(ttl));
			Optional<Long> next = store.compareAndSet(version, renewed);
			if (next.isEmpty()) {
				throw new RunAbortedException("this replica lost the sync lease (fencing " + record.fencing()
						+ "); another replica took over, so nothing more is written here");
			}
			record = renewed;
			version = next.get();
		}

		/**
		 * Gives the lease up early, so the next replica need not wait for it to expire. Best effort: when
		 * Vault cannot be reached for this (sealed, token expired: often the very reason a run stopped),
		 * the lease simply expires, and that failure must not hide the run's own outcome.
		 *
		 * @return false when the lease could not be released and will expire by itself
		 */
		public boolean release() {
			try {
				store.compareAndSet(version,
						new LeaseStore.Record(record.holder(), record.fencing(), clock.instant().minusMillis(1)));
				return true;
			}
			catch (RuntimeException ex) {
				return false;
			}
		}

	}

}
