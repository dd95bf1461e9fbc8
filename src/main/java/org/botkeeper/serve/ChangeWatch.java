package org.botkeeper.serve;

import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.ChangeMarkers;
import org.botkeeper.vault.VaultException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * serve's fast path: between full cycles it polls the change marker ({@link ChangeMarkers}) and runs
 * the bindings a change named at once. An idle poll is one Vault read and nothing else: no GitHub
 * request, no other record read.
 *
 * <p>Both run on the scheduler's one thread, so a poll never overlaps a full cycle. What the marker
 * cannot tell is left to the full cycle, which finds every stored change by itself: a change whose
 * marker was never written (the command warned), a change made with the vault/bao CLI directly, drift on
 * GitHub, expiry; and a fast run that failed (the full cycle retries with back-off, a poll would retry
 * every few seconds).
 *
 * <p>A marker that names the writer is taken only as a reason to look: when the writer credential's
 * own version in Vault moved (only admins can write it), every binding runs at once, so that replacing a
 * rejected writer takes effect in seconds; a marker alone (anyone who may write a token may write one)
 * changes nothing.
 */
public final class ChangeWatch {

	private static final Logger LOG = LoggerFactory.getLogger(ChangeWatch.class);

	private final ChangeMarkers markers;

	private final LongSupplier writerVersion;

	private final Consumer<Set<RepositoryName>> run;

	private final Runnable runAll;

	/** The marker version every change up to which is planned or being planned; -1 before the first read. */
	private long seen = -1;

	/** The writer credential's version the latest full run started with; -1 when unknown. */
	private long writerSeen = -1;

	/**
	 * @param writerVersion the writer credential's current version in Vault (0 when none is stored)
	 * @param run runs the bindings of a (non-empty) set of repositories (e.g. {@link SyncCycle#run(Set)})
	 * @param runAll runs every binding (e.g. {@link SyncCycle#run()})
	 */
	public ChangeWatch(ChangeMarkers markers, LongSupplier writerVersion, Consumer<Set<RepositoryName>> run,
			Runnable runAll) {
		this.markers = markers;
		this.writerVersion = writerVersion;
		this.run = run;
		this.runAll = runAll;
	}

	/**
	 * Wraps a full cycle: the marker's version is read first, so a change marked after that read is left
	 * to the next poll and one marked before it is in the cycle's plan; none falls between the two. (A
	 * change marked during the cycle is planned twice: once by the cycle, once by the poll, harmlessly.)
	 */
	public Runnable beforeEachFullCycle(Runnable fullCycle) {
		return () -> {
			writerSeen = writerVersionOrUnknown();
			try {
				seen = markers.version();
			}
			catch (VaultException ex) {
				// E.g. a broker policy from before change markers: the full cycle must not depend on them.
				seen = -1;
				LOG.warn("Cannot read the change marker, so changes wait for the full run ({}). If the broker's policy "
						+ "lacks 'changes', rerun 'botkeeper vault init'.", ex.getMessage().lines().findFirst().orElse(""));
			}
			fullCycle.run();
		};
	}

	/** One poll: one Vault read when nothing changed; else the named bindings run now. */
	public void poll() {
		long latest = markers.version();
		if (seen < 0) {
			// No full cycle has read the marker yet (the first one failed): it will plan everything anyway.
			seen = latest;
			return;
		}
		if (latest == seen) {
			return;
		}
		ChangeMarkers.Pending pending = markers.since(seen, latest);
		// Seen before the run: a run that fails is not retried every poll, the full cycle takes it over.
		seen = latest;
		if (pending.isEmpty()) {
			return;
		}
		if (pending.everything()) {
			long writer = writerVersionOrUnknown();
			boolean writerMoved = writer >= 0 && writerSeen >= 0 && writer != writerSeen;
			if (writer >= 0) {
				writerSeen = writer;
			}
			if (!writerMoved) {
				// Not at once: anyone who may write one token may write markers, and a plan of every binding
				// on their say-so, every few seconds, would keep serve busy with full plans and spend GitHub's
				// read budget for them. The full run comes within its interval anyway.
				LOG.info("Changes marked in Vault (version {}) name the writer, or more than can be read one by one: the "
						+ "next full run takes them", latest);
				return;
			}
			LOG.info("The writer credential changed (version {}): running every binding now", writer);
			runNow(runAll);
			return;
		}
		LOG.info("Changes marked in Vault (version {}): running {} now", latest, pending.repositories());
		runNow(() -> run.accept(pending.repositories()));
	}

	private void runNow(Runnable bindings) {
		try {
			bindings.run();
		}
		catch (RuntimeException ex) {
			// The run's own failure, not the marker's (the status board shows it too); the message is ours.
			LOG.warn("Running the changed bindings failed; the next full run retries them: {}", ex.getMessage());
		}
	}

	private long writerVersionOrUnknown() {
		try {
			return writerVersion.getAsLong();
		}
		catch (VaultException ex) {
			return -1;
		}
	}

}
