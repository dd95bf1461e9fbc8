package org.botkeeper.cli;

import java.io.PrintWriter;
import java.util.function.Predicate;

import org.botkeeper.broker.SyncRun;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.LeaseEvent;
import org.botkeeper.sync.OrgSecretSync;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.SyncLease;
import org.botkeeper.sync.WriteFence;

/**
 * The CLI's side of a sync run ({@code sync}, and {@code token rotate} for its one binding): asks whether
 * to apply, says when the lease was taken over, prints a line per item on stderr, and lets a signal stop
 * the run between writes.
 */
final class AttendedRun implements SyncRun.Hooks {

	private final PrintWriter err;

	private final Predicate<SyncEngine.PlannedRun> confirm;

	/** Installed once the lease is ours: a signal before that has nothing to wait for. */
	private StopSignal stop;

	/** @param confirm whether to apply a plan that has changes (it may show the plan and ask) */
	AttendedRun(PrintWriter err, Predicate<SyncEngine.PlannedRun> confirm) {
		this.err = err;
		this.confirm = confirm;
	}

	@Override
	public boolean confirm(SyncEngine.PlannedRun planned) {
		return confirm.test(planned);
	}

	@Override
	public void took(LeaseEvent event) {
		err.println(switch (event.kind()) {
			case TAKEN_OVER -> "Took over the sync lease from " + event.previousHolder() + ": " + event.reason() + ".";
			case BROKEN -> "Broke the sync lease of " + event.previousHolder() + "; recorded in the lease's history with "
					+ "the reason given.";
		});
	}

	@Override
	public WriteFence fence(SyncLease.Grant grant) {
		stop = StopSignal.install();
		return stop.fencing(grant);
	}

	@Override
	public void progress(ItemResult result, int index, int total, long fencing) {
		err.println(PlanView.progress(result, index, total));
		err.flush();
	}

	@Override
	public void progress(OrgSecretSync.Result result, int index, int total, long fencing) {
		err.println("[" + index + "/" + total + "] " + result.item().display() + " " + result.status() + " "
				+ result.message());
		err.flush();
	}

	@Override
	public void notReleased() {
		err.println("Note: the sync lease could not be released (Vault did not answer); it expires by itself "
				+ "within 2 minutes.");
	}

	/** The report is printed: a pending stop may go on. */
	void done() {
		if (stop != null) {
			stop.done();
		}
	}

}
