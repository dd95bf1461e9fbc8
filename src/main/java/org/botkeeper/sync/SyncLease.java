package org.botkeeper.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Lets one replica at a time apply, through a lease record in Vault (no consensus of our own). The
 * holder renews the lease while it works; every write is preceded by {@link Grant#check()}, which
 * renews with check-and-set when half the lease has passed. A holder that was paused past its
 * lease finds its version overwritten by the new holder, fails the check, and writes nothing more.
 *
 * <p>A lease whose holder ran on this machine and whose process is gone (killed, crashed) is taken
 * over at once instead of after it expires; an operator can break any lease with a reason. Both are
 * recorded in the lease's history, in the same check-and-set that takes the lease.
 */
public final class SyncLease {

	private final LeaseStore store;

	private final Clock clock;

	private final Duration ttl;

	private final Predicate<LeaseHolder> running;

	public SyncLease(LeaseStore store, Clock clock, Duration ttl) {
		this(store, clock, ttl, LeaseHolder::running);
	}

	/** @param running whether a holder on this machine still runs (its process is alive) */
	public SyncLease(LeaseStore store, Clock clock, Duration ttl, Predicate<LeaseHolder> running) {
		this.store = store;
		this.clock = clock;
		this.ttl = ttl;
		this.running = running;
	}

	/** Takes the lease if it is free, expired, or already ours; empty when another replica holds it. */
	public Optional<Grant> acquire(String holder) {
		return acquire(LeaseHolder.named(holder));
	}

	/**
	 * Takes the lease if it is free, expired, already ours, or held by a process of this machine that is
	 * gone; empty when another replica holds it.
	 */
	public Optional<Grant> acquire(LeaseHolder self) {
		Optional<LeaseStore.Versioned> current = store.read();
		Instant now = clock.instant();
		Optional<LeaseEvent> takeover = Optional.empty();
		if (current.isPresent() && heldByAnother(current.get().lease(), self, now)) {
			LeaseHolder holder = current.get().lease().holder();
			if (!self.sameMachine(holder) || holder.pid() <= 0 || running.test(holder)) {
				return Optional.empty();
			}
			takeover = Optional.of(new LeaseEvent(now, LeaseEvent.Kind.TAKEN_OVER, self.name(), describe(current.get().lease()),
					"process " + holder.pid() + " on host '" + holder.host() + "' is gone"));
		}
		return take(current, self, takeover);
	}

	/**
	 * Takes the lease whoever holds it, for an operator who knows its holder is gone for good; the break
	 * is recorded in the lease's history with {@code by} and {@code reason}. A holder that is still alive
	 * notices at its next renewal (within half the lease) and writes nothing after it.
	 *
	 * @return empty when the lease changed while it was being broken (try again)
	 */
	public Optional<Grant> breakAndAcquire(LeaseHolder self, String by, String reason) {
		Optional<LeaseStore.Versioned> current = store.read();
		Instant now = clock.instant();
		Optional<LeaseEvent> broken = current.filter(c -> heldByAnother(c.lease(), self, now))
			.map(c -> new LeaseEvent(now, LeaseEvent.Kind.BROKEN, by, describe(c.lease()), reason));
		return take(current, self, broken);
	}

	private Optional<Grant> take(Optional<LeaseStore.Versioned> current, LeaseHolder self, Optional<LeaseEvent> event) {
		long expected = current.map(LeaseStore.Versioned::version).orElse(0L);
		long fencing = current.map(c -> c.lease().fencing()).orElse(0L) + 1;
		List<LeaseEvent> history = new ArrayList<>(current.map(c -> c.lease().history()).orElse(List.of()));
		event.ifPresent(history::add);
		LeaseStore.Record record = new LeaseStore.Record(self, fencing, clock.instant().plus(ttl), history);
		return store.compareAndSet(expected, record).map(version -> new Grant(record, version, event));
	}

	private static boolean heldByAnother(LeaseStore.Record lease, LeaseHolder self, Instant now) {
		return !lease.holder().name().equals(self.name()) && lease.expiresAt().isAfter(now);
	}

	private static String describe(LeaseStore.Record lease) {
		return lease.holder().name() + " (fencing " + lease.fencing() + ", until " + lease.expiresAt() + ")";
	}

	/** Who holds the lease now, if anyone (for a refusal, and for status output). */
	public Optional<LeaseStore.Record> holder() {
		return store.read().map(LeaseStore.Versioned::lease).filter(lease -> lease.expiresAt().isAfter(clock.instant()));
	}

	/** A held lease; its {@link #check()} is the {@link WriteFence} the applier calls before each write. */
	public final class Grant implements WriteFence {

		private LeaseStore.Record record;

		private long version;

		private final Optional<LeaseEvent> took;

		private Grant(LeaseStore.Record record, long version, Optional<LeaseEvent> took) {
			this.record = record;
			this.version = version;
			this.took = took;
		}

		public long fencing() {
			return record.fencing();
		}

		/** The takeover or break this grant was taken with, if it was not free. */
		public Optional<LeaseEvent> took() {
			return took;
		}

		@Override
		public void check() {
			Instant now = clock.instant();
			Instant renewAt = record.expiresAt().minus(ttl.dividedBy(2));
			if (now.isBefore(renewAt)) {
				return;
			}
			LeaseStore.Record renewed = record.until(now.plus(ttl));
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
				// Refused when another replica took over meanwhile: then it is not ours to release anyway.
				store.compareAndSet(version, record.until(clock.instant().minusMillis(1)));
				return true;
			}
			catch (RuntimeException ex) {
				return false;
			}
		}

	}

}
