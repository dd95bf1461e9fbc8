package org.botkeeper.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.ItemResult.Status;

/**
 * Plan, then apply, for organisation secrets: what {@link SyncEngine} and {@link Applier} do for
 * repository bindings, with the same discipline. Each item is checked again against Vault right before
 * its write (a record changed since the plan is left to the next run), every mutating call is fenced,
 * and the ledger record is written only after GitHub accepted the write, with check-and-set.
 */
public final class OrgSecretSync {

	private final OrgSecretSource source;

	private final OrgSecretDestination destination;

	private final OrgLedger ledger;

	private final Clock clock;

	private final OrgSecretPlanner planner = new OrgSecretPlanner();

	private final LedgerOutage.Pause pause;

	public OrgSecretSync(OrgSecretSource source, OrgSecretDestination destination, OrgLedger ledger, Clock clock) {
		this(source, destination, ledger, clock, LedgerOutage.Pause.SLEEP);
	}

	/** @param pause how a confirmation waits for a ledger that did not answer (a test's only counts) */
	OrgSecretSync(OrgSecretSource source, OrgSecretDestination destination, OrgLedger ledger, Clock clock,
			LedgerOutage.Pause pause) {
		this.source = source;
		this.destination = destination;
		this.ledger = ledger;
		this.clock = clock;
		this.pause = pause;
	}

	/**
	 * The organisation secrets' plan: one item per record (and per owned secret whose record is gone).
	 *
	 * @param desired the records the plan read (as {@link SyncEngine.PlannedRun#desired()}), never values
	 */
	public record Planned(List<OrgPlanItem> items, List<DesiredOrgSecret> desired) {

		public static final Planned NONE = new Planned(List.of(), List.of());

		public Planned {
			items = List.copyOf(items);
			desired = List.copyOf(desired);
		}

		public boolean hasChanges() {
			return items.stream().anyMatch(item -> item.action().changes());
		}

		public long count(Action action) {
			return items.stream().filter(item -> item.action() == action).count();
		}

	}

	/** How applying one organisation secret's item ended, with a sentence for people (never a value). */
	public record Result(OrgPlanItem item, Status status, String message) {
	}

	/** Plans the organisation secrets of {@code organisations} (lower case), or all when it is empty. */
	public Planned plan(java.util.Set<String> organisations, Planner.Options options) {
		List<DesiredOrgSecret> desired = source.desired(organisations);
		Map<OrgSecretTarget, OrgLedgerEntry> entries = new HashMap<>(ledger.entries());
		entries.keySet().removeIf(target -> !organisations.isEmpty() && !organisations.contains(target.organisation()));
		Map<OrgSecretTarget, OrgObservation> observed = new HashMap<>();
		for (DesiredOrgSecret secret : desired) {
			observed.put(secret.target(), secret.failure().isPresent() ? OrgObservation.failed("not observed")
					: observe(secret));
		}
		return new Planned(planner.plan(desired, observed, entries, options), desired);
	}

	private OrgObservation observe(DesiredOrgSecret secret) {
		try {
			return destination.observe(secret.target(), secret.repositories());
		}
		catch (ItemFailedException ex) {
			return OrgObservation.failed(ex.getMessage());
		}
	}

	/**
	 * Applies {@code planned} item by item; a {@link RunAbortedException} fails its item and stops the
	 * rest, which are then SKIPPED with its message.
	 */
	public List<Result> apply(Planned planned, WriteFence fence, Consumer<Result> progress) {
		List<Result> results = new ArrayList<>();
		Optional<String> aborted = Optional.empty();
		for (OrgPlanItem item : planned.items()) {
			Result result;
			if (aborted.isPresent()) {
				result = new Result(item, Status.SKIPPED, "not attempted: " + aborted.get());
			}
			else {
				try {
					result = applyOne(item, fence);
				}
				catch (RunAbortedException ex) {
					aborted = Optional.of(ex.getMessage());
					result = new Result(item, Status.FAILED, ex.getMessage());
				}
			}
			results.add(result);
			progress.accept(result);
		}
		return results;
	}

	private Result applyOne(OrgPlanItem item, WriteFence fence) {
		return switch (item.action()) {
			case NOOP -> new Result(item, Status.UNCHANGED, item.explanation());
			case BLOCKED -> recorded(item, Status.BLOCKED, item.explanation());
			case FAILED -> recorded(item, Status.FAILED, item.explanation());
			case DELETE_SECRET -> delete(item, fence);
			case CREATE_ENVIRONMENT, CREATE_SECRET, UPDATE_SECRET -> write(item, fence);
		};
	}

	private Result write(OrgPlanItem item, WriteFence fence) {
		OrgSecretTarget target = item.target();
		try {
			Optional<OrgLedger.Versioned> stored = ledger.read(target);
			Optional<DesiredOrgSecret> now = source.current(target);
			if (now.isEmpty() || !now.get().hasValue() || now.get().version() != item.version()) {
				return new Result(item, Status.SKIPPED, "not written: the record changed in Vault since this run planned "
						+ "it; the next run plans it again");
			}
			DesiredOrgSecret desired = now.get();
			java.time.Instant updatedAt;
			String what;
			fence.check();
			long expected = stored.map(OrgLedger.Versioned::version).orElse(0L);
			if (!stored.flatMap(OrgLedger.Versioned::entry).map(OrgLedgerEntry::owned).orElse(false)) {
				// Ownership first, as the bindings' intent: otherwise a crash between GitHub's write and its
				// confirmation leaves botkeeper's own new secret looking like someone else's (BLOCKED).
				expected = ledger.compareAndSet(expected,
						OrgLedgerEntry.intent(target, desired.repositories(), clock.instant()))
					.orElseThrow(() -> new ItemFailedException("Not written: the ledger record of " + target
							+ " changed under this run; the next run checks it again."));
			}
			if (OrgSecretPlanner.selectionOnly(item)) {
				destination.select(target, desired.repositories());
				updatedAt = stored.flatMap(OrgLedger.Versioned::entry)
					.flatMap(OrgLedgerEntry::githubUpdatedAt)
					.orElseThrow(() -> new ItemFailedException("Cannot repair the list of " + target
							+ ": its ledger record is gone; the next run plans it again."));
				what = "set the selected repositories back to Vault's list";
			}
			else {
				try (SecretValue value = source.read(target, desired.version())) {
					fence.check();
					updatedAt = destination.push(target, value, desired.repositories());
				}
				what = "pushed version " + desired.version() + " for " + desired.repositories().size()
						+ (desired.repositories().size() == 1 ? " repository" : " repositories");
			}
			OrgLedgerEntry confirmed = OrgLedgerEntry.confirmed(target, desired.version(), updatedAt,
					desired.repositories(), clock.instant());
			long intent = expected;
			try {
				confirm(intent, confirmed);
			}
			catch (RuntimeException ex) {
				if (!ledger.passing(ex)) {
					throw ex;
				}
				// GitHub took the write and Vault did not answer (its active node died): wait for it, as the
				// bindings do, rather than leave the next run to write the same version again.
				LedgerOutage.retry(pause, ledger::passing, () -> confirmAgain(intent, confirmed, fence), ex);
			}
			return new Result(item, Status.DONE, what);
		}
		catch (ItemFailedException ex) {
			return recorded(item, Status.FAILED, ex.getMessage());
		}
	}

	private void confirm(long expected, OrgLedgerEntry confirmed) {
		if (ledger.compareAndSet(expected, confirmed).isEmpty()) {
			throw new ItemFailedException("Wrote " + confirmed.target() + " on GitHub, but its ledger record changed "
					+ "under this run; the next run checks it again.");
		}
	}

	/** After an outage: done if the confirmation landed before it, written again if the record is as it was. */
	private void confirmAgain(long expected, OrgLedgerEntry confirmed, WriteFence fence) {
		Optional<OrgLedger.Versioned> stored = ledger.read(confirmed.target());
		boolean landed = stored.flatMap(OrgLedger.Versioned::entry)
			.filter(entry -> entry.pushedVersion() == confirmed.pushedVersion()
					&& entry.githubUpdatedAt().equals(confirmed.githubUpdatedAt())
					&& entry.recordedAt().equals(confirmed.recordedAt()))
			.isPresent();
		if (!landed) {
			fence.check();
			confirm(expected, confirmed);
		}
	}

	private Result delete(OrgPlanItem item, WriteFence fence) {
		try {
			if (source.current(item.target()).isPresent()) {
				return new Result(item, Status.SKIPPED, "not deleted: the record is in Vault again; the next run plans it");
			}
			Optional<OrgLedgerEntry> entry = ledger.read(item.target()).flatMap(OrgLedger.Versioned::entry);
			if (entry.isEmpty() || !entry.get().owned()) {
				return new Result(item, Status.UNCHANGED, "already gone: botkeeper no longer owns a secret there");
			}
			fence.check();
			destination.delete(item.target());
			ledger.remove(item.target());
			return new Result(item, Status.DONE, "deleted");
		}
		catch (ItemFailedException ex) {
			return new Result(item, Status.FAILED, ex.getMessage());
		}
	}

	/**
	 * Keeps why the item was not written on its ledger record, when there is one (a secret botkeeper
	 * never wrote gets no record: that would make it look owned). A failure to record must not hide the
	 * item's own outcome.
	 */
	private Result recorded(OrgPlanItem item, Status status, String message) {
		try {
			Optional<OrgLedger.Versioned> stored = ledger.read(item.target());
			Optional<OrgLedgerEntry> entry = stored.flatMap(OrgLedger.Versioned::entry);
			if (entry.isPresent() && !entry.get().lastError().equals(Optional.of(message))) {
				ledger.compareAndSet(stored.get().version(), entry.get().failedWith(message, clock.instant()));
			}
		}
		catch (ItemFailedException ex) {
			// The item's own outcome is what the report shows; the ledger catches up next run.
		}
		return new Result(item, status, message);
	}

}
