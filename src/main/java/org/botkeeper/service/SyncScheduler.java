package org.botkeeper.service;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a {@link SyncCycle} on a schedule: one thread, the next run scheduled only when the last one
 * ended (runs never overlap), a failed run never stops the schedule, and repeated failures back off
 * exponentially (interval, 2x, 4x, ... up to the maximum) until a run succeeds.
 */
public final class SyncScheduler implements SmartLifecycle {

	private static final Log log = LogFactory.getLog(SyncScheduler.class);

	private final Runnable cycle;

	private final StatusBoard board;

	private final Duration interval;

	private final Duration maxBackoff;

	private final Clock clock;

	private ScheduledExecutorService executor;

	private int consecutiveFailures;

	/** @param cycle one run, e.g. {@code SyncCycle::run}; an exception counts as a failed run */
	public SyncScheduler(Runnable cycle, StatusBoard board, Duration interval, Duration maxBackoff, Clock clock) {
		this.cycle = cycle;
		this.board = board;
		this.interval = interval;
		this.maxBackoff = maxBackoff;
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "botkeeper-sync");
			thread.setDaemon(true);
			return thread;
		});
		schedule(Duration.ZERO);
	}

	private void tick() {
		try {
			cycle.run();
			consecutiveFailures = 0;
		}
		catch (RuntimeException ex) {
			consecutiveFailures++;
			// The message is ours (it names what failed, never a value); no stack trace at INFO.
			log.warn("Sync run failed (" + consecutiveFailures + " in a row): " + ex.getMessage());
		}
		schedule(delayAfter(consecutiveFailures));
	}

	Duration delayAfter(int failures) {
		if (failures == 0) {
			return interval;
		}
		long factor = 1L << Math.min(failures, 20);
		Duration backoff = interval.multipliedBy(factor);
		return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
	}

	private synchronized void schedule(Duration delay) {
		if (executor == null || executor.isShutdown()) {
			return;
		}
		board.nextRunAt(clock.instant().plus(delay));
		executor.schedule(this::tick, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (executor != null) {
			executor.shutdown();
			try {
				// Let a run in progress finish its current write rather than cut it mid-request.
				executor.awaitTermination(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return executor != null && !executor.isShutdown();
	}

}
