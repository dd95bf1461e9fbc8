package org.botkeeper.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.sync.WriteFence;

/**
 * SIGTERM or Ctrl-C during {@code sync}: the write in flight is allowed to finish (and be confirmed in
 * the ledger), nothing further is started, the report is printed, then the process exits. If the
 * write does not finish within the grace period, its ledger record stays an intent, which the next
 * run treats as unknown and pushes again.
 */
final class StopSignal {

	private static final long GRACE_SECONDS = 20;

	private final CountDownLatch finished = new CountDownLatch(1);

	private volatile boolean stopping;

	private final Thread hook = new Thread(this::stopAndWait, "botkeeper-stop");

	private StopSignal() {
	}

	static StopSignal install() {
		StopSignal signal = new StopSignal();
		Runtime.getRuntime().addShutdownHook(signal.hook);
		return signal;
	}

	/** {@code fence}, refusing every further write once a stop was asked for. */
	WriteFence fencing(WriteFence fence) {
		return () -> {
			if (stopping) {
				throw new RunAbortedException("stopped by a signal; the items not reached are left for the next run");
			}
			fence.check();
		};
	}

	/** The run is over (its report printed): a pending stop may go on, and no stop is awaited any more. */
	void done() {
		finished.countDown();
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			// Already shutting down: the hook is running and has just been let go.
		}
	}

	private void stopAndWait() {
		stopping = true;
		try {
			finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
