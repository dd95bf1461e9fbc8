package org.botkeeper.sync;

import java.time.Duration;
import java.util.Optional;

/**
 * Records GitHub's confirmation of a write after the ledger did not answer it (Vault's active node died,
 * an election is on). Giving up at once would leave only the intent, and the next run, unable to tell a
 * write that landed from one that was lost, would write the same version again. So the ledger is asked
 * again, backing off, for up to {@link #WINDOW}, and the record as it is then decides:
 * <ul>
 * <li>it holds this very confirmation: the write before the outage landed, nothing more to do;
 * <li>it is still at the intent's version: the confirmation is written again, with the same check-and-set;
 * <li>it is anything else: someone else recorded meanwhile, and it is left as it is (the item fails).
 * </ul>
 * The {@link WriteFence} is checked before writing again, as before every write. Only a confirmation
 * GitHub gave is ever recorded; when the ledger still does not answer after the window, the last
 * failure stands, as it would have without waiting.
 */
final class LedgerOutage {

	/**
	 * How long a confirmation waits for the ledger to answer again. A raft election takes 2 to 6 s on the
	 * clusters measured (bench/README.md, "Failover on a raft cluster"), and a standby needs a moment more to
	 * know the new active node; 30 s covers a slow election several times over, and is still short next to
	 * the sync lease (2 minutes), so the lease does not run out while this run waits.
	 */
	static final Duration WINDOW = Duration.ofSeconds(30);

	private static final Duration FIRST_PAUSE = Duration.ofMillis(250);

	private static final Duration LONGEST_PAUSE = Duration.ofSeconds(4);

	/** Sleeps between tries; a test passes one that only counts. */
	@FunctionalInterface
	interface Pause {

		Pause SLEEP = duration -> {
			try {
				Thread.sleep(duration);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new RunAbortedException("Interrupted while waiting for the ledger to answer again.", ex);
			}
		};

		void sleep(Duration duration);

	}

	private final Ledger ledger;

	private final WriteFence fence;

	private final Pause pause;

	LedgerOutage(Ledger ledger, WriteFence fence, Pause pause) {
		this.ledger = ledger;
		this.fence = fence;
		this.pause = pause;
	}

	/**
	 * @param failure what the ledger threw for the confirmation; thrown again when it does not answer
	 *        within the window
	 */
	void record(long intentVersion, LedgerEntry confirmed, RuntimeException failure) {
		retry(pause, ledger::passing, () -> recordAgain(intentVersion, confirmed), failure);
	}

	/**
	 * Makes {@code attempt} again after a pause, backing off, while it fails as {@code passing} says a
	 * store that does not answer fails, for up to {@link #WINDOW}; any other failure ends it at once. The
	 * organisation secrets' ledger waits the same way ({@link OrgSecretSync}).
	 *
	 * @param failure what the first try threw; thrown again (or the last one) when the window runs out
	 */
	static void retry(Pause pause, java.util.function.Predicate<RuntimeException> passing, Runnable attempt,
			RuntimeException failure) {
		RuntimeException last = failure;
		Duration waited = Duration.ZERO;
		Duration next = FIRST_PAUSE;
		while (waited.compareTo(WINDOW) < 0) {
			pause.sleep(next);
			waited = waited.plus(next);
			next = next.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : next.multipliedBy(2);
			try {
				attempt.run();
				return;
			}
			catch (RuntimeException ex) {
				if (!passing.test(ex)) {
					throw ex;
				}
				last = ex;
			}
		}
		throw last;
	}

	private void recordAgain(long intentVersion, LedgerEntry confirmed) {
		Optional<Ledger.Versioned> stored = ledger.read(confirmed.binding().repository());
		if (stored.flatMap(Ledger.Versioned::entry).filter(entry -> holds(entry, confirmed)).isPresent()) {
			return;
		}
		if (stored.map(Ledger.Versioned::version).orElse(0L) == intentVersion) {
			fence.check();
			if (ledger.compareAndSet(intentVersion, confirmed).isPresent()) {
				return;
			}
		}
		throw new ItemFailedException("Pushed " + confirmed.binding() + " version " + confirmed.pushedVersion()
				+ ", but while Vault did not answer its confirmation, someone else wrote its ledger record; it is left "
				+ "as it is, and the next run checks it again.");
	}

	/**
	 * Whether {@code stored} is {@code confirmed} as written: the same binding and version, GitHub's time of
	 * this very write, and this run's moment of recording. Not {@code equals}: a record read back from Vault
	 * may list its retired targets in another order.
	 */
	private static boolean holds(LedgerEntry stored, LedgerEntry confirmed) {
		return stored.binding().equals(confirmed.binding()) && stored.pendingVersion().isEmpty()
				&& stored.pushedVersion() == confirmed.pushedVersion()
				&& stored.githubUpdatedAt().equals(confirmed.githubUpdatedAt())
				&& stored.recordedAt().equals(confirmed.recordedAt());
	}

}
