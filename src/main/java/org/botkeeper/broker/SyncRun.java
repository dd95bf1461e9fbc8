package org.botkeeper.broker;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.botkeeper.sync.ApplyReport;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.LeaseEvent;
import org.botkeeper.sync.OrgSecretSync;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.SyncLease;
import org.botkeeper.sync.WriteFence;

/**
 * What follows a plan, the same for {@code botkeeper sync} and for serve's scheduled cycle: when the
 * plan has changes and they are confirmed, take the sync lease, apply under it (each write
 * re-validated and fenced), release the lease whatever the apply did, and, for a status, settle the
 * run into the state its writes left.
 *
 * <p>What differs between the two are {@link Hooks} (the CLI asks and prints progress lines; serve
 * never asks, and counts and logs each item) and what they make of the {@link Outcome} (an exit code
 * and a report; metrics and the status board).
 */
public final class SyncRun {

	private final SyncEngine engine;

	private final Supplier<Optional<SyncLease.Grant>> lease;

	private final Hooks hooks;

	/** The organisation secrets' part of the run, if this caller syncs them. */
	private final OrgSecretSync organisations;

	/**
	 * @param lease takes the sync lease (or breaks it, for an operator who said so); empty when another
	 *     holder has it
	 */
	public SyncRun(SyncEngine engine, Supplier<Optional<SyncLease.Grant>> lease, Hooks hooks) {
		this(engine, null, lease, hooks);
	}

	/**
	 * @param organisations the organisation secrets' sync, applied after the bindings under the same lease;
	 *     null for a caller that syncs none
	 */
	public SyncRun(SyncEngine engine, OrgSecretSync organisations, Supplier<Optional<SyncLease.Grant>> lease,
			Hooks hooks) {
		this.engine = engine;
		this.organisations = organisations;
		this.lease = lease;
		this.hooks = hooks;
	}

	/** Applies {@code planned} as far as it is confirmed and the lease is ours; the lease is never kept. */
	public Outcome run(SyncEngine.PlannedRun planned) {
		return run(planned, OrgSecretSync.Planned.NONE);
	}

	/**
	 * {@link #run(SyncEngine.PlannedRun)} with the organisation secrets' plan too: confirmed together, and
	 * applied after the bindings under the same lease and fence.
	 */
	public Outcome run(SyncEngine.PlannedRun planned, OrgSecretSync.Planned orgPlanned) {
		if (!orgPlanned.items().isEmpty() && organisations == null) {
			throw new IllegalArgumentException("an organisation secrets' plan needs the SyncRun that syncs them");
		}
		if (!planned.plan().hasChanges() && !orgPlanned.hasChanges()) {
			engine.keepValidators(planned);
			return new Unchanged(planned);
		}
		if (!hooks.confirm(planned)) {
			return new Declined(planned);
		}
		Optional<SyncLease.Grant> taken = lease.get();
		if (taken.isEmpty()) {
			return new LeaseHeld(planned);
		}
		SyncLease.Grant grant = taken.get();
		grant.took().ifPresent(hooks::took);
		int total = planned.plan().items().size() + orgPlanned.items().size();
		AtomicInteger index = new AtomicInteger();
		ApplyReport report;
		List<OrgSecretSync.Result> orgResults = List.of();
		try {
			WriteFence fence = hooks.fence(grant);
			report = engine.apply(planned, fence,
					result -> hooks.progress(result, index.incrementAndGet(), total, grant.fencing()));
			// Every item, as for the bindings: a blocked or failed one is recorded and reported, and counts.
			if (!orgPlanned.items().isEmpty() && report.abortedBecause().isEmpty()) {
				orgResults = organisations.apply(orgPlanned, fence,
						result -> hooks.progress(result, index.incrementAndGet(), total, grant.fencing()));
			}
			else if (!orgPlanned.items().isEmpty()) {
				String why = "not attempted: " + report.abortedBecause().get();
				orgResults = orgPlanned.items()
					.stream()
					.map(item -> new OrgSecretSync.Result(item, ItemResult.Status.SKIPPED, why))
					.toList();
			}
		}
		finally {
			// Best effort: an apply that failed because Vault went away cannot release either, and the
			// lease then expires by itself; that must not replace the apply's own outcome.
			if (!grant.release()) {
				hooks.notReleased();
			}
		}
		engine.keepValidators(planned);
		return new Applied(planned, report, orgResults);
	}

	/**
	 * The run as it stands after {@code applied}'s writes, for a status page: it reads back the records
	 * the writes left, so only a caller that shows a status asks for it.
	 */
	public SyncEngine.PlannedRun settled(Applied applied) {
		return engine.settled(applied.planned(), applied.report());
	}

	/** Where a run's caller and the run meet: confirmation, the lease taken over, the fence, progress. */
	public interface Hooks {

		/** The plan has changes and no lease is taken yet: whether to apply them. */
		boolean confirm(SyncEngine.PlannedRun planned);

		/** The lease was not free: it was taken over from a holder that is gone, or broken. */
		void took(LeaseEvent event);

		/** What every write checks first: {@code grant} itself, and whatever else may stop the run. */
		WriteFence fence(SyncLease.Grant grant);

		/** One item's result, the {@code index}th of {@code total}, written under lease {@code fencing}. */
		void progress(ItemResult result, int index, int total, long fencing);

		/** One organisation secret's result, counted with the bindings' (they come after them). */
		default void progress(OrgSecretSync.Result result, int index, int total, long fencing) {
		}

		/** The lease could not be released (Vault did not answer); it expires by itself. */
		void notReleased();

	}

	/** How a run ended. */
	public sealed interface Outcome permits Unchanged, Declined, LeaseHeld, Applied {

		SyncEngine.PlannedRun planned();

	}

	/** Nothing to apply: every binding is up to date, blocked or failed; no lease was taken. */
	public record Unchanged(SyncEngine.PlannedRun planned) implements Outcome {
	}

	/** The changes were not confirmed; no lease was taken. */
	public record Declined(SyncEngine.PlannedRun planned) implements Outcome {
	}

	/** Another holder has the lease; nothing was written. */
	public record LeaseHeld(SyncEngine.PlannedRun planned) implements Outcome {
	}

	/**
	 * Applied under the lease, which is released again.
	 *
	 * @param organisations the organisation secrets' results, one per item of their plan (all SKIPPED when
	 *        the bindings' apply was aborted)
	 */
	public record Applied(SyncEngine.PlannedRun planned, ApplyReport report, List<OrgSecretSync.Result> organisations)
			implements Outcome {

		public Applied(SyncEngine.PlannedRun planned, ApplyReport report) {
			this(planned, report, List.of());
		}

	}

}
