package org.botkeeper.serve;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * Work that {@code serve} does apart from the sync, on a thread of its own: at start-up and then every
 * interval after the last one ended, or never when the interval is off. {@link #compute()} must not
 * throw, since an exception would end a fixed-delay task for good.
 */
abstract class Periodic implements SmartLifecycle {

	private final String thread;

	private final Optional<Duration> interval;

	private ScheduledThreadPoolExecutor executor;

	/** @param interval empty for off */
	Periodic(String thread, Optional<Duration> interval) {
		this.thread = thread;
		this.interval = interval;
	}

	abstract void compute();

	@Override
	public synchronized void start() {
		if (interval.isEmpty()) {
			return;
		}
		executor = new ScheduledThreadPoolExecutor(1, runnable -> {
			Thread daemon = new Thread(runnable, thread);
			daemon.setDaemon(true);
			return daemon;
		});
		// Without this, shutdown() would wait for the next computation (an hour away) before terminating.
		executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		executor.scheduleWithFixedDelay(this::compute, 0, interval.get().toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return executor != null && !executor.isShutdown();
	}

}
