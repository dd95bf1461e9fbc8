package org.botkeeper.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Reads many Vault records at once, a bounded number in flight: a full run at 10,000 bindings reads
 * each binding's token, token-check and ledger records, and one at a time that is tens of thousands
 * of round trips in a row. At most {@link #IN_FLIGHT} requests go out together, so a shared Vault sees a
 * handful of this broker's requests at a time, never a burst of thousands.
 *
 * <p>Results come back in the order of the inputs, each as the value or the exception its read threw,
 * so a caller keeps the rules it had for a read that failed (one record unreadable vs Vault down) and
 * applies them in the same order as before.
 */
final class ConcurrentReads {

	/** Requests in flight at once: enough to hide loopback and LAN round trips, few enough for a shared Vault. */
	static final int IN_FLIGHT = 8;

	private ConcurrentReads() {
	}

	/** What one read gave: its value, or the exception it threw. */
	record Outcome<R>(R value, RuntimeException failure) {

		/** The value, or the read's own exception thrown here, in the caller's thread. */
		R get() {
			if (failure != null) {
				throw failure;
			}
			return value;
		}

	}

	/** {@code read} applied to every input, {@link #IN_FLIGHT} at a time; outcomes in input order. */
	static <T, R> List<Outcome<R>> map(List<T> inputs, Function<T, R> read) {
		if (inputs.size() <= 1) {
			return inputs.stream().map(input -> attempt(read, input)).toList();
		}
		Semaphore permits = new Semaphore(IN_FLIGHT);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Outcome<R>>> futures = new ArrayList<>(inputs.size());
			for (T input : inputs) {
				permits.acquireUninterruptibly();
				futures.add(threads.submit(() -> {
					try {
						return attempt(read, input);
					}
					finally {
						permits.release();
					}
				}));
			}
			List<Outcome<R>> outcomes = new ArrayList<>(inputs.size());
			for (Future<Outcome<R>> future : futures) {
				outcomes.add(join(future));
			}
			return outcomes;
		}
	}

	private static <T, R> Outcome<R> attempt(Function<T, R> read, T input) {
		try {
			return new Outcome<>(read.apply(input), null);
		}
		catch (RuntimeException ex) {
			return new Outcome<>(null, ex);
		}
	}

	private static <R> Outcome<R> join(Future<Outcome<R>> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new VaultUnavailableException("Interrupted while reading from Vault.", 0, ex);
		}
		catch (ExecutionException ex) {
			// attempt() catches every RuntimeException; what is left is an Error: let it through.
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

}
