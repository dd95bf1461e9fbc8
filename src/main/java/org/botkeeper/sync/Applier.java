package org.botkeeper.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.ItemResult.Status;
import org.botkeeper.sync.LedgerEntry.Outcome;

/**
 * Carries out a plan one item at a time (the destination paces the writes) and records each outcome
 * in the ledger <em>only after</em> GitHub confirmed it. A failed item is recorded and reported, and
 * the run goes on; a {@link RunAbortedException} stops it, and the items not reached are SKIPPED.
 *
 * <p>A plan is made before the sync lease is taken, so by the time an item is applied another
 * replica may have pushed it, or the token may have been rotated again. So each item is checked
 * again right before its write, against Vault as it is now (the record's current version and the
 * ledger record, no GitHub request): an item another replica confirmed since the plan is skipped as
 * up to date, the newest version is pushed rather than the planned one, and nothing is written when
 * the binding changed meanwhile (the next run plans it). Ledger records are written with
 * check-and-set against what was read, and a confirmation never replaces a newer one.
 *
 * <p>Before each write the applier records an intent, and it checks the {@link WriteFence} before
 * every mutating call, so a replica that lost its lease writes nothing more.
 */
public final class Applier {

	private final SecretSource source;

	private final SecretDestination destination;

	private final Ledger ledger;

	private final WriteFence fence;

	private final Clock clock;

	private final LedgerOutage outage;

	public Applier(SecretSource source, SecretDestination destination, Ledger ledger, WriteFence fence, Clock clock) {
		this(source, destination, ledger, fence, clock, LedgerOutage.Pause.SLEEP);
	}

	/** @param pause how to wait between tries when the ledger does not answer a confirmation */
	Applier(SecretSource source, SecretDestination destination, Ledger ledger, WriteFence fence, Clock clock,
			LedgerOutage.Pause pause) {
		this.source = source;
		this.destination = destination;
		this.ledger = ledger;
		this.fence = fence;
		this.clock = clock;
		this.outage = new LedgerOutage(ledger, fence, pause);
	}

	/**
	 * @param planned the ledger as read when planning: an item whose record was confirmed again since
	 *        then was pushed by another replica
	 * @param progress told of each item's result as soon as it is known
	 */
	public ApplyReport apply(Plan plan, Map<RepositoryName, LedgerEntry> planned, Consumer<ItemResult> progress) {
		List<ItemResult> results = new ArrayList<>();
		Optional<String> aborted = Optional.empty();
		for (PlanItem item : plan.items()) {
			ItemResult result;
			if (aborted.isPresent()) {
				result = new ItemResult(item, Status.SKIPPED, "not attempted: " + aborted.get());
			}
			else {
				try {
					result = applyOne(item, Optional.ofNullable(planned.get(item.binding().repository())));
				}
				catch (RunAbortedException ex) {
					aborted = Optional.of(ex.getMessage());
					result = new ItemResult(item, Status.FAILED, ex.getMessage());
				}
			}
			results.add(result);
			progress.accept(result);
		}
		return new ApplyReport(results, aborted);
	}

	private ItemResult applyOne(PlanItem item, Optional<LedgerEntry> planned) {
		return switch (item.action()) {
			case NOOP -> new ItemResult(item, Status.UNCHANGED, item.reason().sentence());
			case BLOCKED -> blocked(item);
			// Not recorded in the ledger: the binding shown may not be the record's own (it could not be read),
			// and the next run asks again anyway.
			case FAILED -> new ItemResult(item, Status.FAILED, item.explanation());
			case DELETE_SECRET -> delete(item);
			case CREATE_ENVIRONMENT, CREATE_SECRET, UPDATE_SECRET -> write(item, planned);
		};
	}

	private ItemResult write(PlanItem item, Optional<LedgerEntry> planned) {
		Binding binding = item.binding();
		Optional<Ledger.Versioned> stored = Optional.empty();
		try {
			stored = ledger.read(binding.repository());
			Optional<LedgerEntry> now = stored.flatMap(Ledger.Versioned::entry).filter(e -> e.binding().equals(binding));
			Optional<DesiredSecret> desired = source.current(binding.repository());
			Optional<ItemResult> stale = stale(item, desired, now, planned);
			if (stale.isPresent()) {
				return stale.get();
			}
			long version = desired.get().version();
			// Looked at again right before writing: time passes between plan and apply, and a token must
			// never land in an environment that any branch can deploy to.
			Observation.EnvironmentState environment = item.action() == Action.CREATE_ENVIRONMENT
					? Observation.EnvironmentState.MISSING : destination.environment(binding);
			if (environment == Observation.EnvironmentState.UNPROTECTED) {
				return blocked(new PlanItem(binding, Action.BLOCKED, Reason.ENVIRONMENT_UNPROTECTED, 0));
			}
			if (environment == Observation.EnvironmentState.MISSING) {
				fence.check();
				destination.createEnvironment(binding);
			}
			fence.check();
			LedgerEntry intent = LedgerEntry.intent(binding, version, stored.flatMap(Ledger.Versioned::entry),
					clock.instant());
			Optional<Long> intentVersion = ledger.compareAndSet(stored.map(Ledger.Versioned::version).orElse(0L), intent);
			if (intentVersion.isEmpty()) {
				return new ItemResult(item, Status.SKIPPED,
						"not written: its ledger record changed while this run applied it; the next run plans it again");
			}
			PushReceipt receipt;
			try (SecretValue value = source.read(binding, version)) {
				fence.check();
				receipt = destination.push(binding, value);
			}
			LedgerEntry confirmed = LedgerEntry.confirmed(binding, version, receipt, Optional.of(intent), clock.instant());
			String kept = confirm(intentVersion.get(), confirmed);
			String pushedWhat = version == item.version() ? "pushed version " + version
					: "pushed version " + version + " (planned " + item.version() + "; a newer one arrived meanwhile)";
			return new ItemResult(withVersion(item, version), Status.DONE, pushedWhat + kept);
		}
		catch (ItemFailedException ex) {
			recordQuietly(binding.repository(), current -> LedgerEntry.unsuccessful(binding, current, Outcome.FAILED,
					ex.getMessage(), clock.instant()));
			return new ItemResult(item, Status.FAILED, ex.getMessage());
		}
	}

	/**
	 * Why an item planned a moment ago must not be written now, if so: another replica confirmed it
	 * since the plan, the record is gone, bound elsewhere or refused, or GitHub already holds a newer
	 * version than Vault offers.
	 */
	private Optional<ItemResult> stale(PlanItem item, Optional<DesiredSecret> desired, Optional<LedgerEntry> now,
			Optional<LedgerEntry> planned) {
		if (desired.isEmpty() || !desired.get().binding().equals(item.binding())) {
			return Optional.of(new ItemResult(item, Status.SKIPPED, "not written: the binding changed in Vault since "
					+ "this run planned it (removed, or moved to another environment or secret name); the next run "
					+ "plans it again"));
		}
		DesiredSecret secret = desired.get();
		if (secret.oidcDelivered()) {
			return Optional.of(new ItemResult(item, Status.SKIPPED, "not written: the binding was marked as delivered "
					+ "by OIDC since this run planned it; the next run plans it again"));
		}
		Optional<Reason> refused = !secret.hasValue() ? Optional.of(Reason.TOKEN_MISSING)
				: secret.refused().or(() -> secret.revoked() ? Optional.of(Reason.TOKEN_REVOKED)
						: secret.expiredAt(clock.instant()) ? Optional.of(Reason.TOKEN_EXPIRED) : Optional.empty());
		if (refused.isPresent()) {
			return Optional.of(blocked(new PlanItem(item.binding(), Action.BLOCKED, refused.get(), 0)));
		}
		if (now.isEmpty() || now.get().pendingVersion().isPresent()) {
			return Optional.empty();
		}
		LedgerEntry entry = now.get();
		if (entry.pushedVersion() > secret.version()) {
			return Optional.of(new ItemResult(item, Status.UNCHANGED, "GitHub already holds version "
					+ entry.pushedVersion() + ", newer than version " + secret.version() + " in Vault; not pushed"));
		}
		boolean confirmedSincePlan = entry.syncedAt().isPresent() && !planned
			.filter(p -> p.binding().equals(item.binding()))
			.flatMap(LedgerEntry::syncedAt)
			.equals(entry.syncedAt());
		if (confirmedSincePlan && entry.pushedVersion() == secret.version()) {
			return Optional.of(new ItemResult(withVersion(item, secret.version()), Status.UNCHANGED,
					"already pushed: another replica confirmed version " + secret.version() + " since this run planned"));
		}
		return Optional.empty();
	}

	/**
	 * Records GitHub's confirmation over the intent. When another replica wrote the record meanwhile
	 * (it should not, under the lease: this is the last line of defence) the record moves only
	 * forward: a newer confirmation stays, an older one is replaced. When the ledger does not answer
	 * (Vault's active node died under this write), {@link LedgerOutage} waits for it to answer again.
	 *
	 * @return what the result should add, if the record was left as another replica wrote it
	 */
	private String confirm(long intentVersion, LedgerEntry confirmed) {
		RepositoryName repository = confirmed.binding().repository();
		Optional<Long> recorded;
		try {
			recorded = ledger.compareAndSet(intentVersion, confirmed);
		}
		catch (RuntimeException ex) {
			if (!ledger.passing(ex)) {
				throw ex;
			}
			outage.record(intentVersion, confirmed, ex);
			return "";
		}
		if (recorded.isPresent()) {
			return "";
		}
		for (int attempt = 0; attempt < 3; attempt++) {
			Optional<Ledger.Versioned> stored = ledger.read(repository);
			Optional<LedgerEntry> entry = stored.flatMap(Ledger.Versioned::entry);
			if (entry.isPresent() && entry.get().binding().equals(confirmed.binding())
					&& entry.get().pushedVersion() >= confirmed.pushedVersion()) {
				return "; the ledger already records version " + entry.get().pushedVersion()
						+ " from another replica and keeps it";
			}
			if (ledger.compareAndSet(stored.map(Ledger.Versioned::version).orElse(0L), confirmed).isPresent()) {
				return "";
			}
		}
		throw new ItemFailedException("Pushed " + confirmed.binding() + " version " + confirmed.pushedVersion()
				+ ", but its ledger record kept changing under this replica; the next run checks it again.");
	}

	private ItemResult delete(PlanItem item) {
		try {
			return deleteOwned(item);
		}
		catch (ItemFailedException ex) {
			return new ItemResult(item, Status.FAILED, ex.getMessage());
		}
	}

	private ItemResult deleteOwned(PlanItem item) {
		Binding target = item.binding();
		Optional<Ledger.Versioned> stored = ledger.read(target.repository());
		Optional<LedgerEntry> entry = stored.flatMap(Ledger.Versioned::entry);
		if (entry.isEmpty() || !entry.get().owns(target)) {
			return new ItemResult(item, Status.UNCHANGED, "already gone: botkeeper no longer owns a secret there");
		}
		Optional<DesiredSecret> desired = source.current(target.repository());
		boolean oidc = item.reason() == Reason.OIDC_DELIVERY;
		if (oidc && desired.filter(d -> d.binding().equals(target) && d.oidcDelivered()).isEmpty()) {
			return new ItemResult(item, Status.SKIPPED, "not deleted: the binding is no longer marked as delivered by "
					+ "OIDC in Vault, or moved; the next run plans it again");
		}
		if (!oidc && desired.isPresent() && desired.get().binding().equals(target)) {
			return new ItemResult(item, Status.SKIPPED,
					"not deleted: the binding points here again in Vault; the next run plans it again");
		}
		fence.check();
		destination.delete(target);
		Optional<LedgerEntry> left = entry.get().without(target, clock.instant());
		if (left.isEmpty()) {
			ledger.remove(target.repository());
		}
		else if (ledger.compareAndSet(stored.get().version(), left.get()).isEmpty()) {
			// Deleted on GitHub; the record changed meanwhile, and the next plan sees the secret gone.
			return new ItemResult(item, Status.DONE, "deleted (its ledger record changed meanwhile)");
		}
		return new ItemResult(item, Status.DONE, "deleted");
	}

	private ItemResult blocked(PlanItem item) {
		String why = item.reason().sentence();
		recordQuietly(item.binding().repository(), current -> {
			boolean alreadyRecorded = current.filter(entry -> entry.binding().equals(item.binding()))
				.map(entry -> entry.outcome() == Outcome.BLOCKED && entry.lastError().equals(Optional.of(why)))
				.orElse(false);
			return alreadyRecorded ? null : LedgerEntry.unsuccessful(item.binding(), current, Outcome.BLOCKED, why,
					clock.instant());
		});
		return new ItemResult(item, Status.BLOCKED, why);
	}

	/**
	 * Records an outcome over the record as it is now ({@code update} gets it, and returns null when
	 * nothing needs writing). A failure to record a failure must not hide the original failure.
	 */
	private void recordQuietly(RepositoryName repository, Function<Optional<LedgerEntry>, LedgerEntry> update) {
		try {
			for (int attempt = 0; attempt < 3; attempt++) {
				Optional<Ledger.Versioned> stored = ledger.read(repository);
				LedgerEntry entry = update.apply(stored.flatMap(Ledger.Versioned::entry));
				if (entry == null
						|| ledger.compareAndSet(stored.map(Ledger.Versioned::version).orElse(0L), entry).isPresent()) {
					return;
				}
			}
		}
		catch (ItemFailedException ex) {
			// The item's own outcome is what the report shows; the ledger catches up next run.
		}
	}

	private static PlanItem withVersion(PlanItem item, long version) {
		return version == item.version() ? item : new PlanItem(item.binding(), item.action(), item.reason(), version);
	}

}
