package org.botkeeper.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SyncLeaseTests {

	private Instant now = Instant.parse("2026-11-25T12:00:00Z");

	private final Clock clock = new Clock() {
		@Override
		public ZoneId getZone() {
			return ZoneId.of("UTC");
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}
	};

	/** Check-and-set semantics as Vault KV v2 implements them, for the pure lease logic. */
	private final LeaseStore store = new LeaseStore() {
		Versioned current;

		@Override
		public Optional<Versioned> read() {
			return Optional.ofNullable(current);
		}

		@Override
		public Optional<Long> compareAndSet(long expectedVersion, Record lease) {
			long actual = current == null ? 0 : current.version();
			if (actual != expectedVersion) {
				return Optional.empty();
			}
			current = new Versioned(lease, actual + 1);
			return Optional.of(actual + 1);
		}
	};

	private final SyncLease lease = new SyncLease(store, clock, Duration.ofSeconds(30));

	@Test
	void onlyOneReplicaShouldHoldTheLeaseAtATime() {
		assertThat(lease.acquire("a")).isPresent();
		assertThat(lease.acquire("b")).isEmpty();
	}

	@Test
	void aPausedHolderShouldWriteNothingAfterAnotherTookOver() {
		SyncLease.Grant first = lease.acquire("a").orElseThrow();
		now = now.plusSeconds(31); // "a" is paused past its lease
		SyncLease.Grant second = lease.acquire("b").orElseThrow();
		assertThat(second.fencing()).isGreaterThan(first.fencing());
		assertThatThrownBy(first::check).isInstanceOf(RunAbortedException.class).hasMessageContaining("lost the sync lease");
		second.check();
	}

	@Test
	void aWorkingHolderShouldKeepTheLeaseByRenewing() {
		SyncLease.Grant grant = lease.acquire("a").orElseThrow();
		for (int i = 0; i < 10; i++) {
			now = now.plusSeconds(20);
			grant.check();
			assertThat(lease.acquire("b")).as("after %d renewals", i + 1).isEmpty();
		}
	}

	@Test
	void releaseShouldLetTheNextReplicaInAtOnce() {
		lease.acquire("a").orElseThrow().release();
		assertThat(lease.acquire("b")).isPresent();
	}

	@Test
	void releaseShouldNotThrowWhenVaultCannotBeReachedAndSaySo() {
		SyncLease.Grant grant = lease.acquire("a").orElseThrow();
		// Takes the lease, then Vault is sealed before the release.
		SyncLease unreachable = new SyncLease(new LeaseStore() {
			private boolean sealed;

			@Override
			public Optional<Versioned> read() {
				return Optional.empty();
			}

			@Override
			public Optional<Long> compareAndSet(long expectedVersion, Record lease) {
				if (sealed) {
					throw new RunAbortedException("Vault is sealed");
				}
				sealed = true;
				return Optional.of(1L);
			}
		}, clock, Duration.ofSeconds(30));
		assertThat(grant.release()).isTrue();
		assertThat(unreachable.acquire("b").orElseThrow().release()).as("Vault sealed: left to expire").isFalse();
	}

}
