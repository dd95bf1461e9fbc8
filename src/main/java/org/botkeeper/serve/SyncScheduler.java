package org.botkeeper.serve;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a {@link SyncCycle} on a schedule: one thread, the next run scheduled only when the last one
 * ended (runs never overlap), a failed run never stops the schedule, and repeated failures back off
 * exponentially (interval, 2x, 4x, ... up to the maximum) until a run succeeds.
 *
 * <p>A poll may run at a fixed delay of its own, on a thread of its own: serve's {@link ChangeWatch}. It
 * runs during a full run too, because at thousands of bindings a full run takes minutes under GitHub's
 * limits, and a change must not wait for it; {@link SyncCycle} keeps their writes apart. A failed poll is
 * logged and the next one runs as usual.
 *
 * <p>Stopping (SIGTERM) is quick: an idle scheduler drops the next run and stops at once; a run in
 * progress is told to stop ({@code stopping}), finishes the write in flight, releases its lease and ends.
 */
public final class SyncScheduler implements SmartLifecycle {

	private static final Log log = LogFactory.getLog(SyncScheduler.class);

	private final Runnable cycle;

	private final StatusBoard board;

	private final Duration interval;

	private final Duration maxBackoff;

	private final Clock clock;

	private ScheduledExecutorService executor;

	private ScheduledExecutorService pollExecutor;

	private final Runnable stopping;

	private final BooleanSupplier poll;

	private final Duration pollInterval;

	private int consecutiveFailures;

	/** The next run, while it waits for its time. */
	private ScheduledFuture<?> next;

	/** A run is in progress. */
	private boolean ticking;

	/** A poll asked for a run now while one was in progress: the next one starts right after it. */
	private boolean soon;

	private boolean pollFailing;

	/** How long a run in progress may take to finish its write in flight once asked to stop. */
	private static final Duration STOP_GRACE = Duration.ofSeconds(20);

	/** @param cycle one run, e.g. {@code SyncCycle::run}; an exception counts as a failed run */
	public SyncScheduler(Runnable cycle, StatusBoard board, Duration interval, Duration maxBackoff, Clock clock) {
		this(cycle, () -> {
		}, board, interval, maxBackoff, clock);
	}

	/** @param stopping tells a run in progress to start no further write, e.g. {@code SyncCycle::stop} */
	public SyncScheduler(Runnable cycle, Runnable stopping, StatusBoard board, Duration interval, Duration maxBackoff,
			Clock clock) {
		this(cycle, stopping, () -> false, Duration.ZERO, board, interval, maxBackoff, clock);
	}

	/**
	 * @param poll runs every {@code pollInterval}, e.g. {@code ChangeWatch::poll}; true asks for a full run now
	 * @param pollInterval zero for no poll
	 */
	public SyncScheduler(Runnable cycle, Runnable stopping, BooleanSupplier poll, Duration pollInterval, StatusBoard board,
			Duration interval, Duration maxBackoff, Clock clock) {
		this.poll = poll;
		this.pollInterval = pollInterval;
		this.stopping = stopping;
		this.cycle = cycle;
		this.board = board;
		this.interval = interval;
		this.maxBackoff = maxBackoff;
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		ScheduledThreadPoolExecutor pool = oneDaemonThread("botkeeper-sync");
		// Without this, shutdown() would wait for the next scheduled run (minutes away) before terminating.
		pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		executor = pool;
		schedule(Duration.ZERO);
		if (pollInterval.isPositive()) {
			pollExecutor = oneDaemonThread("botkeeper-changes");
			pollExecutor.scheduleWithFixedDelay(this::poll, pollInterval.toMillis(), pollInterval.toMillis(),
					TimeUnit.MILLISECONDS);
		}
	}

	private static ScheduledThreadPoolExecutor oneDaemonThread(String name) {
		return new ScheduledThreadPoolExecutor(1, runnable -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		});
	}

	private void poll() {
		try {
			if (poll.getAsBoolean()) {
				runSoon();
			}
			if (pollFailing) {
				pollFailing = false;
				log.info("Polling the change marker works again");
			}
		}
		catch (RuntimeException ex) {
			// Caught: an exception would end a fixed-delay task for good. Logged once per outage, not
			// every few seconds; the message is ours, never a value.
			if (!pollFailing) {
				pollFailing = true;
				log.warn("Polling the change marker failed (the full runs go on; logged again once it works): "
						+ ex.getMessage());
			}
		}
	}

	private void tick() {
		synchronized (this) {
			ticking = true;
		}
		try {
			cycle.run();
			consecutiveFailures = 0;
		}
		catch (RuntimeException ex) {
			consecutiveFailures++;
			// The message is ours (it names what failed, never a value); no stack trace at INFO.
			log.warn("Sync run failed (" + consecutiveFailures + " in a row): " + ex.getMessage());
		}
		synchronized (this) {
			ticking = false;
			schedule(soon ? Duration.ZERO : delayAfter(consecutiveFailures));
			soon = false;
		}
	}

	/**
	 * Brings the next full run forward to now (right after the one in progress, if any), e.g. when the
	 * writer credential changed. Runs still never overlap.
	 */
	synchronized void runSoon() {
		if (ticking) {
			soon = true;
		}
		else if (next != null && next.cancel(false)) {
			schedule(Duration.ZERO);
		}
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
		next = executor.schedule(this::tick, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		ScheduledExecutorService running;
		ScheduledExecutorService polling;
		synchronized (this) {
			running = executor;
			polling = pollExecutor;
			if (running == null) {
				return;
			}
			running.shutdown();
			if (polling != null) {
				polling.shutdown();
			}
		}
		stopping.run();
		try {
			// Let a run in progress finish its current write (and release its lease) rather than cut it mid-request.
			long deadline = System.nanoTime() + STOP_GRACE.toNanos();
			running.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
			if (polling != null) {
				polling.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return executor != null && !executor.isShutdown();
	}

}
