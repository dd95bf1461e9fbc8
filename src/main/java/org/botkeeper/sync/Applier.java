package org.botkeeper.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.ItemResult.Status;
import org.botkeeper.sync.LedgerEntry.Outcome;

/**
 * Carries out a plan one item at a time (the destination paces the writes) and records each outcome
 * in the ledger <em>only after</em> GitHub confirmed it. A failed item is recorded and reported, and
 * the run goes on; a {@link RunAbortedException} stops it, and the items not reached are SKIPPED.
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

	public Applier(SecretSource source, SecretDestination destination, Ledger ledger, WriteFence fence, Clock clock) {
		this.source = source;
		this.destination = destination;
		this.ledger = ledger;
		this.fence = fence;
		this.clock = clock;
	}

	/**
	 * @param previous the ledger as read when planning (used to keep confirmed fields when recording intents)
	 * @param progress told of each item's result as soon as it is known
	 */
	public ApplyReport apply(Plan plan, Map<RepositoryName, LedgerEntry> previous, Consumer<ItemResult> progress) {
		List<ItemResult> results = new ArrayList<>();
		Optional<String> aborted = Optional.empty();
		for (PlanItem item : plan.items()) {
			ItemResult result;
			if (aborted.isPresent()) {
				result = new ItemResult(item, Status.SKIPPED, "not attempted: " + aborted.get());
			}
			else {
				Optional<LedgerEntry> before = Optional.ofNullable(previous.get(item.binding().repository()))
					.filter(entry -> entry.binding().equals(item.binding()));
				try {
					result = applyOne(item, before);
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

	private ItemResult applyOne(PlanItem item, Optional<LedgerEntry> before) {
		Binding binding = item.binding();
		return switch (item.action()) {
			case NOOP -> new ItemResult(item, Status.UNCHANGED, item.reason().sentence());
			case BLOCKED -> blocked(item, before);
			case DELETE_SECRET -> {
				fence.check();
				destination.delete(binding);
				ledger.remove(binding.repository());
				yield new ItemResult(item, Status.DONE, "deleted");
			}
			case CREATE_ENVIRONMENT, CREATE_SECRET, UPDATE_SECRET -> write(item, before);
		};
	}

	private ItemResult write(PlanItem item, Optional<LedgerEntry> before) {
		Binding binding = item.binding();
		Optional<LedgerEntry> current = before;
		try {
			// Looked at again right before writing: time passes between plan and apply, and a token must
			// never land in an environment that any branch can deploy to.
			Observation.EnvironmentState environment = item.action() == Action.CREATE_ENVIRONMENT
					? Observation.EnvironmentState.MISSING : destination.environment(binding);
			if (environment == Observation.EnvironmentState.UNPROTECTED) {
				return blocked(new PlanItem(binding, Action.BLOCKED, Reason.ENVIRONMENT_UNPROTECTED, 0), before);
			}
			if (environment == Observation.EnvironmentState.MISSING) {
				fence.check();
				destination.createEnvironment(binding);
			}
			fence.check();
			current = Optional.of(LedgerEntry.intent(binding, item.version(), before, clock.instant()));
			ledger.record(current.get());
			PushReceipt receipt;
			try (SecretValue value = source.read(binding, item.version())) {
				fence.check();
				receipt = destination.push(binding, value);
			}
			ledger.record(LedgerEntry.confirmed(binding, item.version(), receipt.updatedAt(), receipt.keyId(),
					clock.instant()));
			return new ItemResult(item, Status.DONE, "pushed version " + item.version());
		}
		catch (ItemFailedException ex) {
			recordQuietly(LedgerEntry.unsuccessful(binding, current, Outcome.FAILED, ex.getMessage(), clock.instant()));
			return new ItemResult(item, Status.FAILED, ex.getMessage());
		}
	}

	private ItemResult blocked(PlanItem item, Optional<LedgerEntry> before) {
		String why = item.reason().sentence();
		boolean alreadyRecorded = before
			.map(entry -> entry.outcome() == Outcome.BLOCKED && entry.lastError().equals(Optional.of(why)))
			.orElse(false);
		if (!alreadyRecorded) {
			recordQuietly(LedgerEntry.unsuccessful(item.binding(), before, Outcome.BLOCKED, why, clock.instant()));
		}
		return new ItemResult(item, Status.BLOCKED, why);
	}

	/** A failure to record a failure must not hide the original failure. */
	private void recordQuietly(LedgerEntry entry) {
		try {
			ledger.record(entry);
		}
		catch (ItemFailedException ex) {
			// The item's own outcome is what the report shows; the ledger catches up next run.
		}
	}

}
