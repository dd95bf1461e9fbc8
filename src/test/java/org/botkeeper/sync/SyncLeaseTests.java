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

	private static LeaseHolder on(String machine, String name, long pid) {
		return new LeaseHolder(name, machine.substring(0, machine.indexOf('/')), machine, pid,
				Optional.of(Instant.parse("2026-11-25T11:00:00Z")));
	}

	@Test
	void aHolderOfThisMachineWhoseProcessIsGoneShouldBeTakenOverAtOnceAndRecorded() {
		LeaseHolder crashed = on("build-3/boot-1/pid:[1]", "cli 42@build-3", 42);
		LeaseHolder next = on("build-3/boot-1/pid:[1]", "cli 43@build-3", 43);
		SyncLease leases = new SyncLease(store, clock, Duration.ofSeconds(120), holder -> holder.pid() != 42);
		SyncLease.Grant first = leases.acquire(crashed).orElseThrow();

		SyncLease.Grant second = leases.acquire(next).orElseThrow();

		assertThat(second.fencing()).isEqualTo(first.fencing() + 1);
		assertThat(second.took()).get().satisfies(event -> {
			assertThat(event.kind()).isEqualTo(LeaseEvent.Kind.TAKEN_OVER);
			assertThat(event.previousHolder()).startsWith("cli 42@build-3 (fencing 1, until ");
			assertThat(event.reason()).isEqualTo("process 42 on host 'build-3' is gone");
		});
		assertThat(store.read().orElseThrow().lease().history()).containsExactly(second.took().get());
	}

	@Test
	void aLiveHolderOrOneOfAnotherMachineShouldNotBeTakenOver() {
		LeaseHolder holder = on("build-3/boot-1/pid:[1]", "serve 42@build-3", 42);
		new SyncLease(store, clock, Duration.ofSeconds(120), h -> true).acquire(holder).orElseThrow();

		assertThat(new SyncLease(store, clock, Duration.ofSeconds(120), h -> true)
			.acquire(on("build-3/boot-1/pid:[1]", "cli 43@build-3", 43))).as("its process still runs").isEmpty();
		assertThat(new SyncLease(store, clock, Duration.ofSeconds(120), h -> false)
			.acquire(on("build-3/boot-1/pid:[2]", "cli 43@build-3", 43)))
			.as("same host name, another process namespace (another container): its pids mean nothing here")
			.isEmpty();
		assertThat(new SyncLease(store, clock, Duration.ofSeconds(120), h -> false)
			.acquire(LeaseHolder.named("cli 43@elsewhere"))).as("a holder of unknown machine").isEmpty();
	}

	@Test
	void breakingShouldTakeAnyLeaseRecordWhoAndWhyAndStopTheOldHolderAtItsNextRenewal() {
		SyncLease.Grant old = lease.acquire(on("a/b/c", "serve 7@a", 7)).orElseThrow();

		SyncLease.Grant broken = lease.breakAndAcquire(on("x/y/z", "cli 9@x", 9), "cli 9@x (Vault identity 'approle')",
				"serve on a was decommissioned").orElseThrow();

		assertThat(broken.took()).get().satisfies(event -> {
			assertThat(event.kind()).isEqualTo(LeaseEvent.Kind.BROKEN);
			assertThat(event.by()).isEqualTo("cli 9@x (Vault identity 'approle')");
			assertThat(event.reason()).isEqualTo("serve on a was decommissioned");
			assertThat(event.previousHolder()).startsWith("serve 7@a");
		});
		now = now.plusSeconds(16);
		assertThatThrownBy(old::check).isInstanceOf(RunAbortedException.class).hasMessageContaining("lost the sync lease");
		broken.check();
		assertThat(store.read().orElseThrow().lease().history()).as("kept across renewals").hasSize(1);
	}

	@Test
	void theHistoryShouldKeepTheLatestEntriesOnly() {
		for (int i = 0; i < LeaseStore.Record.HISTORY + 5; i++) {
			lease.breakAndAcquire(LeaseHolder.named("h" + i), "h" + i, "reason " + i).orElseThrow();
		}
		var history = store.read().orElseThrow().lease().history();
		assertThat(history).hasSize(LeaseStore.Record.HISTORY);
		assertThat(history.get(history.size() - 1).reason()).isEqualTo("reason " + (LeaseStore.Record.HISTORY + 4));
	}

	@Test
	void theRunningProcessShouldCountAsRunningAndAFinishedOneAsGone() throws Exception {
		LeaseHolder self = LeaseHolder.current("cli");
		assertThat(self.running()).isTrue();
		Process process = new ProcessBuilder("sleep", "0.2").start();
		Optional<Instant> started = process.toHandle().info().startInstant();
		process.waitFor();
		LeaseHolder gone = new LeaseHolder("cli " + process.pid(), self.host(), self.machine(), process.pid(), started);
		assertThat(gone.running()).isFalse();
		assertThat(self.sameMachine(gone)).isTrue();
		LeaseHolder reused = new LeaseHolder("cli", self.host(), self.machine(), self.pid(),
				self.started().map(at -> at.minusSeconds(3600)));
		assertThat(reused.running()).as("the pid runs, but a process started at another time").isFalse();
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
