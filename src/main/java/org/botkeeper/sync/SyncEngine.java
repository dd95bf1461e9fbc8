package org.botkeeper.sync;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Plan, then apply: gathers the desired state, the observations and the ledger, asks the
 * {@link Planner}, and hands the plan to the {@link Applier}. The CLI's {@code sync} and the
 * scheduled service both go through here.
 *
 * <p>Observation is cheap first (one conditional request for the secret per binding, which costs no
 * rate-limit point when nothing changed, in a fresh process too: the ledger record keeps GitHub's ETag,
 * see {@link Validators}), and deep
 * only for the bindings that need a write, so that the plan shows a missing or unprotected environment
 * before anything is applied.
 *
 * <p>A failure that concerns one binding (its record cannot be read, GitHub answers its read with a
 * 5xx after retries or with a body of the wrong shape) makes that binding's item FAILED with the
 * failure's message, and every other binding is planned as usual. A failure that concerns the whole
 * run ({@link RunAbortedException}: Vault sealed, the writer rejected) stops the plan.
 */
public final class SyncEngine {

	private final SecretSource source;

	private final SecretDestination destination;

	private final Ledger ledger;

	private final Clock clock;

	private final Planner planner = new Planner();

	public SyncEngine(SecretSource source, SecretDestination destination, Ledger ledger, Clock clock) {
		this.source = source;
		this.destination = destination;
		this.ledger = ledger;
		this.clock = clock;
	}

	/**
	 * A plan and what it was made from; {@link #apply} needs the ledger, {@link #keepValidators} the
	 * observations too, status reports the first three.
	 */
	public record PlannedRun(Plan plan, List<DesiredSecret> desired, Map<RepositoryName, LedgerEntry> ledger,
			Map<Binding, Observation> observed) {

		public PlannedRun(Plan plan, List<DesiredSecret> desired, Map<RepositoryName, LedgerEntry> ledger) {
			this(plan, desired, ledger, Map.of());
		}

		public StatusReport status(java.time.Instant now) {
			return StatusReport.of(desired, ledger, plan, now);
		}

	}

	/**
	 * Plans every binding, or those of {@code only} when it is not empty (reading only their records).
	 *
	 * @throws NoSuchBindingException when a repository of {@code only} has neither a token record nor a
	 *     ledger record: a person named it, and most likely mistyped it
	 */
	public PlannedRun plan(Set<RepositoryName> only, Planner.Options options) {
		return plan(only, options, true);
	}

	/**
	 * Plans the bindings of {@code named}, a non-empty set that came from a record rather than a person
	 * (serve's change marker): a repository with neither a token record nor a ledger record is left out,
	 * and when none is left the plan is empty (no GitHub request).
	 */
	public PlannedRun planNamed(Set<RepositoryName> named, Planner.Options options) {
		if (named.isEmpty()) {
			throw new IllegalArgumentException("planNamed needs at least one repository; plan(Set.of(), ...) plans all");
		}
		return plan(named, options, false);
	}

	private PlannedRun plan(Set<RepositoryName> only, Planner.Options options, boolean refuseUnknown) {
		List<DesiredSecret> desired = source.desired(only);
		Map<RepositoryName, LedgerEntry> entries = new HashMap<>(only.isEmpty() ? ledger.entries() : ledger.entries(only));
		for (RepositoryName named : only) {
			if (refuseUnknown && !entries.containsKey(named)
					&& desired.stream().noneMatch(d -> d.binding().repository().equals(named))) {
				throw new NoSuchBindingException(named);
			}
		}
		Map<Binding, Observation> observed = new HashMap<>();
		destination.expectBindings(desired.size());
		for (DesiredSecret secret : desired) {
			observed.put(secret.binding(), secret.failure().isPresent() ? Observation.failed("not observed")
					: observe(secret.binding(), false, entries));
		}
		Plan plan = planner.plan(desired, observed, entries, options, clock.instant());
		boolean shallowWrites = false;
		for (PlanItem item : plan.items()) {
			Observation seen = observed.get(item.binding());
			if (item.action().changes() && seen != null
					&& seen.environment() == Observation.EnvironmentState.NOT_CHECKED) {
				observed.put(item.binding(), observe(item.binding(), true, entries));
				shallowWrites = true;
			}
		}
		if (shallowWrites) {
			plan = planner.plan(desired, observed, entries, options, clock.instant());
		}
		return new PlannedRun(plan, List.copyOf(desired), Map.copyOf(entries), Map.copyOf(observed));
	}

	/** What GitHub shows for {@code binding}, or why it could not be asked: then that item alone fails. */
	private Observation observe(Binding binding, boolean deep, Map<RepositoryName, LedgerEntry> entries) {
		Optional<LedgerEntry> recorded = LedgerEntry.recordedFor(entries, binding);
		try {
			return destination.observe(binding, deep, recorded);
		}
		catch (ItemFailedException ex) {
			return Observation.failed(ex.getMessage());
		}
	}

	public ApplyReport apply(PlannedRun run, WriteFence fence, Consumer<ItemResult> progress) {
		return new Applier(source, destination, ledger, fence, clock).apply(run.plan(), run.ledger(), progress);
	}

	/**
	 * Gives each up-to-date record that has no GitHub ETags yet (one from before they were kept) those of
	 * this plan's reads, once, so that the next plan in any process reads for free. Only the ledger is
	 * written, with check-and-set against the record as planned (a record written since is left alone),
	 * so no lease is needed. Best effort: on a failure the next run reads in full once more and tries
	 * again.
	 *
	 * @return how many records got ETags
	 */
	public int keepValidators(PlannedRun run) {
		int kept = 0;
		for (PlanItem item : run.plan().items()) {
			Optional<LedgerEntry> planned = LedgerEntry.recordedFor(run.ledger(), item.binding());
			Observation seen = run.observed().get(item.binding());
			if (item.reason() != Reason.UP_TO_DATE || planned.isEmpty() || seen == null) {
				continue;
			}
			LedgerEntry filled = planned.get().withValidators(seen);
			if (filled == planned.get()) {
				continue;
			}
			try {
				Optional<Ledger.Versioned> stored = ledger.read(item.binding().repository());
				if (stored.flatMap(Ledger.Versioned::entry).filter(planned.get()::equals).isPresent()
						&& ledger.compareAndSet(stored.get().version(), filled).isPresent()) {
					kept++;
				}
			}
			catch (ItemFailedException ex) {
				// Only this record's cheaper next plan was at stake.
			}
			catch (RunAbortedException ex) {
				// Vault went away after the plan: the run's own outcome stands.
				return kept;
			}
		}
		return kept;
	}

	/**
	 * The run as it stands once {@code report} is applied, for the status page: what a fresh plan would
	 * show right after a successful apply, taken from the records the apply wrote instead of asking Vault
	 * and GitHub about every binding again (with thousands of bindings that second pass took as long as
	 * the plan itself, and delayed the next run by as much).
		 */
	public PlannedRun settled(PlannedRun run, ApplyReport report) {
		Set<RepositoryName> touched = new java.util.HashSet<>();
		report.results().forEach(result -> touched.add(result.item().binding().repository()));
		Map<RepositoryName, LedgerEntry> entries = new HashMap<>(run.ledger());
		for (RepositoryName repository : touched) {
			java.util.Optional<LedgerEntry> entry = ledger.entry(repository);
			if (entry.isPresent()) {
				entries.put(repository, entry.get());
			}
			else {
				entries.remove(repository);
			}
		}
		List<PlanItem> items = new java.util.ArrayList<>();
		for (ItemResult result : report.results()) {
			PlanItem item = result.item();
			// A write another replica had already confirmed counts as done here too.
			boolean done = result.status() == ItemResult.Status.DONE
					|| (result.status() == ItemResult.Status.UNCHANGED && item.action().changes());
			if (!done) {
				items.add(item);
			}
			else if (item.reason() == Reason.OIDC_DELIVERY) {
				items.add(PlanItem.of(item.binding(), Action.NOOP, Reason.OIDC_DELIVERED));
			}
			else if (item.action() != Action.DELETE_SECRET) {
				items.add(PlanItem.of(item.binding(), Action.NOOP, Reason.UP_TO_DATE));
			}
		}
		return new PlannedRun(new Plan(items), run.desired(), Map.copyOf(entries));
	}

}
