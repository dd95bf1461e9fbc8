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
 * <p>Polls run on a thread of their own, during a full cycle too ({@link SyncScheduler}). What the marker
 * cannot tell is left to the full cycle, which finds every stored change by itself: a change whose
 * marker was never written (the command warned), a change made with the vault/bao CLI directly, drift on
 * GitHub, expiry; and a fast run that failed (the full cycle retries with back-off, a poll would retry
 * every few seconds).
 *
 * <p>A marker that names the writer is taken only as a reason to look: when the writer credential's
 * own version in Vault moved (only admins can write it), the poll asks for the full run at once, so that
 * replacing a rejected writer takes effect in seconds; a marker alone (anyone who may write a token may
 * write one) changes nothing.
 */
public final class ChangeWatch {

	private static final Logger LOG = LoggerFactory.getLogger(ChangeWatch.class);

	private final ChangeMarkers markers;

	private final LongSupplier writerVersion;

	private final Consumer<Set<RepositoryName>> run;

	/** The marker version every change up to which is planned or being planned; -1 before the first read. */
	private volatile long seen = -1;

	/** The writer credential's version the latest full run started with; -1 when unknown. */
	private volatile long writerSeen = -1;

	/**
	 * @param writerVersion the writer credential's current version in Vault (0 when none is stored)
	 * @param run runs the bindings of a (non-empty) set of repositories (e.g. {@link SyncCycle#run(Set)})
	 */
	public ChangeWatch(ChangeMarkers markers, LongSupplier writerVersion, Consumer<Set<RepositoryName>> run) {
		this.markers = markers;
		this.writerVersion = writerVersion;
		this.run = run;
	}

	/**
	 * Wraps a full cycle. Until the marker was first read, the cycle reads it before it plans, so a change
	 * marked after that read is left to a poll and one marked before it is in the cycle's plan; none falls
	 * between the two. From then on the polls alone follow the marker: they run during full cycles too, so
	 * a change never waits behind a plan of every binding (a change marked during a cycle may be planned by
	 * both, harmlessly). The writer's version is read at every cycle: the cycle runs with that writer.
	 */
	public Runnable beforeEachFullCycle(Runnable fullCycle) {
		return () -> {
			writerSeen = writerVersionOrUnknown();
			if (seen < 0) {
				try {
					seen = markers.version();
				}
				catch (VaultException ex) {
					// E.g. a broker policy from before change markers: the full cycle must not depend on them.
					LOG.warn("Cannot read the change marker, so changes wait for the full run ({}). If the broker's "
							+ "policy lacks 'changes', rerun 'botkeeper vault init'.",
							ex.getMessage().lines().findFirst().orElse(""));
				}
			}
			fullCycle.run();
		};
	}

	/**
	 * One poll: one Vault read when nothing changed; else the named bindings run now.
	 *
	 * @return true when every binding should run now (the writer credential changed): the full run, on
	 *     its own thread ({@link SyncScheduler}), not this poll
	 */
	public boolean poll() {
		long latest = markers.version();
		if (seen < 0) {
			// No full cycle has read the marker yet (the first one failed): it will plan everything anyway.
			seen = latest;
			return false;
		}
		if (latest == seen) {
			return false;
		}
		ChangeMarkers.Pending pending = markers.since(seen, latest);
		// Seen before the run: a run that fails is not retried every poll, the full cycle takes it over.
		seen = latest;
		if (pending.isEmpty()) {
			return false;
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
				return false;
			}
			LOG.info("The writer credential changed (version {}): the full run starts now", writer);
			return true;
		}
		LOG.info("Changes marked in Vault (version {}): running {} now", latest, pending.repositories());
		try {
			run.accept(pending.repositories());
		}
		catch (RuntimeException ex) {
			// The run's own failure, not the marker's (the status board shows it too); the message is ours.
			LOG.warn("Running the changed bindings failed; the next full run retries them: {}", ex.getMessage());
		}
		return false;
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
