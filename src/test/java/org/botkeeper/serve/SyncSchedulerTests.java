package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.botkeeper.github.GitHubCircuit;
import org.junit.jupiter.api.Test;


class SyncSchedulerTests {

	@Test
	void failuresShouldBackOffExponentiallyUpToTheMaximum() {
		SyncScheduler scheduler = new SyncScheduler(() -> {
		}, new StatusBoard(() -> GitHubCircuit.State.CLOSED), Duration.ofSeconds(10), Duration.ofSeconds(60), Clock.systemUTC());
		assertThat(scheduler.delayAfter(0)).isEqualTo(Duration.ofSeconds(10));
		assertThat(scheduler.delayAfter(1)).isEqualTo(Duration.ofSeconds(20));
		assertThat(scheduler.delayAfter(2)).isEqualTo(Duration.ofSeconds(40));
		assertThat(scheduler.delayAfter(3)).isEqualTo(Duration.ofSeconds(60));
		assertThat(scheduler.delayAfter(40)).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void aFailedRunShouldNeverStopTheScheduleAndRunsShouldNeverOverlap() throws InterruptedException {
		AtomicInteger runs = new AtomicInteger();
		AtomicInteger running = new AtomicInteger();
		AtomicInteger overlaps = new AtomicInteger();
		CountDownLatch fourRuns = new CountDownLatch(4);
		SyncScheduler scheduler = new SyncScheduler(() -> {
			if (running.incrementAndGet() > 1) {
				overlaps.incrementAndGet();
			}
			try {
				Thread.sleep(20);
				if (runs.incrementAndGet() % 2 == 1) {
					throw new IllegalStateException("Vault is sealed");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				running.decrementAndGet();
				fourRuns.countDown();
			}
		}, new StatusBoard(() -> GitHubCircuit.State.CLOSED), Duration.ofMillis(5), Duration.ofMillis(20), Clock.systemUTC());
		scheduler.start();
		try {
			assertThat(fourRuns.await(10, TimeUnit.SECONDS)).as("runs went on after failures").isTrue();
		}
		finally {
			scheduler.stop();
		}
		assertThat(overlaps).hasValue(0);
		assertThat(scheduler.isRunning()).isFalse();
	}

	/**
	 * At thousands of bindings a full run takes minutes under GitHub's limits: the polls (serve's change
	 * watch) must go on meanwhile, and after a poll that failed.
	 */
	@Test
	void pollsShouldGoOnDuringALongRunAndAfterAFailure() throws InterruptedException {
		AtomicInteger polls = new AtomicInteger();
		CountDownLatch fivePolls = new CountDownLatch(5);
		AtomicBoolean pollsDuringTheRun = new AtomicBoolean();
		SyncScheduler scheduler = new SyncScheduler(() -> {
			try {
				// The run lasts until five polls happened, or gives up after 10 s.
				pollsDuringTheRun.compareAndSet(false, fivePolls.await(10, TimeUnit.SECONDS));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, () -> {
		}, () -> {
			fivePolls.countDown();
			if (polls.incrementAndGet() == 1) {
				throw new IllegalStateException("Vault is sealed");
			}
			return false;
		}, Duration.ofMillis(10), new StatusBoard(() -> GitHubCircuit.State.CLOSED), Duration.ofHours(1),
				Duration.ofHours(1), Clock.systemUTC());
		scheduler.start();
		try {
			assertThat(fivePolls.await(15, TimeUnit.SECONDS)).as("polls went on after a failed one").isTrue();
			Thread.sleep(100);
		}
		finally {
			scheduler.stop();
		}
		assertThat(pollsDuringTheRun).as("five polls while the first run was still going").isTrue();
	}

	/** A poll that asks for a full run (the writer changed) gets it now, not an interval later, and only once. */
	@Test
	void aPollAskingForAFullRunShouldBringItForwardOnce() throws InterruptedException {
		AtomicInteger runs = new AtomicInteger();
		AtomicInteger polls = new AtomicInteger();
		CountDownLatch secondRun = new CountDownLatch(2);
		SyncScheduler scheduler = new SyncScheduler(() -> {
			runs.incrementAndGet();
			secondRun.countDown();
		}, () -> {
		}, () -> polls.incrementAndGet() == 5, Duration.ofMillis(10),
				new StatusBoard(() -> GitHubCircuit.State.CLOSED), Duration.ofHours(1), Duration.ofHours(1),
				Clock.systemUTC());
		scheduler.start();
		try {
			assertThat(secondRun.await(10, TimeUnit.SECONDS)).as("a second run, an hour early").isTrue();
			Thread.sleep(200);
		}
		finally {
			scheduler.stop();
		}
		assertThat(runs).hasValue(2);
	}

}
