package org.botkeeper.serve;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.broker.SyncRun;
import org.botkeeper.config.BindingsCheck;
import org.botkeeper.config.BindingsFile;
import org.botkeeper.config.OrgSecretsCheck;
import org.botkeeper.github.RequestGate;
import org.botkeeper.sync.ApplyReport;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.LeaseEvent;
import org.botkeeper.sync.LeaseHolder;
import org.botkeeper.sync.OrgSecretStatus;
import org.botkeeper.sync.OrgSecretSync;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.sync.WriteFence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.SyncLease;

/**
 * One scheduled run: every replica plans (cheap: conditional reads, no writes), so every replica's
 * status page is current; only the replica holding the lease applies.
 *
 * <p>A full run and a run of changed bindings ({@link ChangeWatch}) may plan at the same time; their
 * lease-apply-release sections take turns, so one never releases the lease under the other's writes. A
 * plan the other run overtook is caught as between two replicas: each write is checked against the
 * ledger under the lease.
 */
public final class SyncCycle {

	private static final Logger LOG = LoggerFactory.getLogger(SyncCycle.class);

	private final java.util.function.Supplier<SyncEngine> engines;

	private final SyncLease lease;

	private final LeaseHolder holder;

	private volatile boolean stopping;

	private final StatusBoard board;

	private final SyncMetrics metrics;

	private final Clock clock;

	private final java.util.function.BooleanSupplier writerRejected;

	private final Optional<DeclaredBindings> declared;

	/** The organisation secrets of a full run ({@code org-secret put}); null where none are synced. */
	private final Organisations organisations;

	/**
	 * The organisation secrets' side of serve's full runs.
	 *
	 * @param sync a fresh sync per run (as the engines: the writers are read from Vault again)
	 * @param statuses their states as the status page and {@code /api/status} show them, read after each full run
	 */
	record Organisations(java.util.function.Supplier<OrgSecretSync> sync,
			java.util.function.Supplier<java.util.List<OrgSecretStatus>> statuses) {
	}

	/** Held from taking the lease to releasing it and settling: the runs of this replica apply one at a time. */
	private final java.util.concurrent.locks.ReentrantLock applying = new java.util.concurrent.locks.ReentrantLock();

	/** What the status page, API and health say when GitHub answered 401 to the writer credential. */
	static final String WRITER_REJECTED = "GitHub rejected the writer credential (401): the one stored with 'botkeeper "
			+ "writer set', not a repository's token. It is revoked, expired or wrong; store a new one with 'botkeeper "
			+ "writer set --pat' (or --app-id ... --installation-id ...). No GitHub call is made in a run after a 401, "
			+ "so the bindings below show their state from before.";

	/**
	 * @param engines a fresh engine per run: the writer credential is read from Vault again (a rotated
	 *     writer takes effect) and a GitHub App installation token is minted per run
	 */
	public SyncCycle(java.util.function.Supplier<SyncEngine> engines, SyncLease lease, LeaseHolder holder,
			StatusBoard board, SyncMetrics metrics, Clock clock) {
		this(engines, lease, holder, board, metrics, clock, () -> false);
	}

	/** @param writerRejected whether GitHub answered 401 to the writer credential in the run just made */
	public SyncCycle(java.util.function.Supplier<SyncEngine> engines, SyncLease lease, LeaseHolder holder,
			StatusBoard board, SyncMetrics metrics, Clock clock, java.util.function.BooleanSupplier writerRejected) {
		this(engines, lease, holder, board, metrics, clock, writerRejected, Optional.empty(), null);
	}

	/**
	 * @param declared the bindings file ({@code botkeeper.config}) every run holds Vault's records against,
	 *     holding back the repositories whose record is bound elsewhere than declared, as {@code sync --config}
	 * @param organisations the organisation secrets, applied after the bindings in each full run under the same
	 *     lease, as {@code sync} does; null for none
	 */
	SyncCycle(java.util.function.Supplier<SyncEngine> engines, SyncLease lease, LeaseHolder holder, StatusBoard board,
			SyncMetrics metrics, Clock clock, java.util.function.BooleanSupplier writerRejected,
			Optional<DeclaredBindings> declared, Organisations organisations) {
		this.declared = declared;
		this.organisations = organisations;
		this.writerRejected = writerRejected;
		this.engines = engines;
		this.lease = lease;
		this.holder = holder;
		this.board = board;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Plans every binding and, when there are changes and the lease is ours, applies.
	 *
	 * @throws RuntimeException when the run could not plan or was aborted; the scheduler backs off
	 */
	public void run() {
		run(Set.of());
	}

	/**
	 * Like {@link #run()} for the bindings of {@code repositories} only (every binding when empty): what
	 * the change marker named. Their records are read from Vault and planned as in a full run; a name
	 * with no record and no ledger is left out, since the marker is no proof that a binding exists.
	 */
	public void run(Set<RepositoryName> repositories) {
		if (stopping) {
			return;
		}
		SyncEngine engine;
		SyncEngine.PlannedRun planned;
		// An organisation secret spans repositories, so a change's run (a few bindings) leaves them to the full one.
		OrgSecretSync orgSync = null;
		OrgSecretSync.Planned orgPlanned = OrgSecretSync.Planned.NONE;
		try {
			engine = engines.get();
			// The full plan reads GitHub for every binding, minutes at a time: in the background, so that
			// a change's run (ChangeWatch) and the writes find their points at once.
			planned = repositories.isEmpty()
					? RequestGate.inBackground(() -> engine.plan(Set.of(), Planner.Options.DEFAULT))
					: engine.planNamed(repositories, Planner.Options.DEFAULT);
			if (repositories.isEmpty() && organisations != null) {
				OrgSecretSync sync = organisations.sync().get();
				orgPlanned = RequestGate.inBackground(() -> sync.plan(Set.of(), Planner.Options.DEFAULT));
				orgSync = sync;
			}
		}
		catch (RuntimeException ex) {
			metrics.run("failed");
			boolean rejected = writerRejected.getAsBoolean();
			board.runFailed(rejected ? WRITER_REJECTED : ex.getMessage(), clock.instant(),
					rejected ? StatusBoard.Writer.REJECTED : StatusBoard.Writer.UNKNOWN);
			// The scheduler logs the message: the writer's 401 is named as the writer's, there too.
			throw rejected ? new IllegalStateException(WRITER_REJECTED, ex) : ex;
		}
		if (declared.isPresent()) {
			BindingsCheck check = heldAgainst(declared.get(), planned, orgSync == null ? null : orgPlanned, repositories);
			planned = check.holdBack(planned);
			orgPlanned = check.organisationSecrets().holdBack(orgPlanned);
		}
		SyncRun run = new SyncRun(engine, orgSync, () -> lease.acquire(holder), new Unattended());
		SyncRun.Outcome outcome;
		SyncEngine.PlannedRun after;
		applying.lock();
		try {
			outcome = run.run(planned, orgPlanned);
			// The status shows the state after this run's writes, not before them.
			after = outcome instanceof SyncRun.Applied applied ? run.settled(applied) : planned;
		}
		finally {
			applying.unlock();
		}
		if (!(outcome instanceof SyncRun.Applied applied)) {
			// serve never declines, so a run that applied nothing found no changes or no free lease.
			metrics.run(outcome instanceof SyncRun.LeaseHeld ? "lease-held-elsewhere" : "unchanged");
			finish(repositories, planned, false, Optional.empty());
			return;
		}
		ApplyReport report = applied.report();
		boolean organisationsDone = applied.organisations().stream().noneMatch(result -> result.status() == ItemResult.Status.FAILED
				|| result.status() == ItemResult.Status.BLOCKED);
		metrics.run(report.abortedBecause().isPresent() ? "aborted"
				: report.succeeded() && organisationsDone ? "applied" : "partly-failed");
		Optional<String> problem = report.abortedBecause().map(why -> writerRejected.getAsBoolean() ? WRITER_REJECTED : why);
		finish(repositories, after, true, problem);
		if (problem.isPresent()) {
			throw new IllegalStateException(problem.get());
		}
	}

	/**
	 * The records of this run held against the file: the repositories bound elsewhere than declared, and the
	 * organisation secrets given to other repositories than declared, are to be held back. A full run shows
	 * its lists; a run of a few bindings checks only theirs, so the lists stay as the last full run left them
	 * (as a few bindings' statuses do not replace the report).
	 *
	 * @param orgPlanned the organisation secrets' plan, null when this run did not read them
	 */
	private BindingsCheck heldAgainst(DeclaredBindings bindings, SyncEngine.PlannedRun planned,
			OrgSecretSync.Planned orgPlanned, Set<RepositoryName> repositories) {
		DeclaredBindings.Reading reading = bindings.read();
		BindingsFile file = reading.file();
		BindingsCheck check = BindingsCheck.of(file, planned.desired(), repositories);
		if (orgPlanned != null) {
			check = check.with(OrgSecretsCheck.of(file, orgPlanned.desired(), Set.of()));
		}
		for (BindingsCheck.Difference difference : check.differing()) {
			LOG.warn("{} is declared in {} as {}, but its token in Vault is bound to {}: not synced until the file or "
					+ "the record is corrected", difference.declared().binding().repository(),
					file.where(difference.declared()), difference.declared().binding(), difference.inVault());
		}
		for (OrgSecretsCheck.Difference difference : check.organisationSecrets().differing()) {
			LOG.warn("{} is declared in {} for {}, but its record in Vault gives it to {}: not synced until the file or "
					+ "the record is corrected", difference.declared().target(), file.where(difference.declared()),
					difference.declared().repositories(), difference.inVault());
		}
		if (repositories.isEmpty()) {
			board.declared(new StatusBoard.Declared(check, reading.problem(), clock.instant()));
		}
		return check;
	}

	/**
	 * Asks a run in progress to start no further write (SIGTERM): the write in flight finishes, the run
	 * releases its lease, and no further run starts.
	 */
	public void stop() {
		stopping = true;
	}

	/** serve's side of a run: it never asks, and counts and logs every item. */
	private final class Unattended implements SyncRun.Hooks {

		@Override
		public boolean confirm(SyncEngine.PlannedRun planned) {
			return true;
		}

		@Override
		public void took(LeaseEvent event) {
			LOG.warn("Took the sync lease ({}) from {}: {}", event.kind(), event.previousHolder(), event.reason());
		}

		@Override
		public WriteFence fence(SyncLease.Grant grant) {
			return () -> {
				if (stopping) {
					throw new RunAbortedException("serve is stopping; the items not reached are left for the next run");
				}
				grant.check();
			};
		}

		@Override
		public void progress(ItemResult result, int index, int total, long fencing) {
			metrics.item(result);
			log(result, fencing);
		}

		@Override
		public void progress(OrgSecretSync.Result result, int index, int total, long fencing) {
			metrics.organisationItem(result);
			switch (result.status()) {
				case DONE -> LOG.info("{} {}: {} (replica '{}', lease fencing {})", result.item().action(),
						result.item().display(), result.message(), holder, fencing);
				case FAILED, BLOCKED -> LOG.warn("{} {}: {} (replica '{}')", result.item().display(), result.status(),
						result.message(), holder);
				default -> LOG.debug("{} {}: {}", result.item().display(), result.status(), result.message());
			}
		}

		@Override
		public void notReleased() {
			// The lease expires by itself; the next run (here or on another replica) takes it then.
		}

	}

	/** One line per write and per failure, naming the replica, so an operator can see who wrote what. */
	private void log(ItemResult result, long fencing) {
		switch (result.status()) {
			case DONE -> LOG.info("{} {}: {} (replica '{}', lease fencing {})", result.item().action(),
					result.item().binding(), result.message(), holder, fencing);
			case FAILED -> LOG.warn("{} failed: {} (replica '{}')", result.item().binding(), result.message(), holder);
			default -> LOG.debug("{} {}: {}", result.item().binding(), result.status(), result.message());
		}
	}

	/**
	 * Their states after a full run, on the page and in the gauges; a failed read keeps the last ones shown (the run
	 * itself went through).
	 */
	private void showOrganisationSecrets() {
		if (organisations == null) {
			return;
		}
		try {
			java.util.List<OrgSecretStatus> statuses = organisations.statuses().get();
			board.organisationSecrets(statuses);
			// A failed read leaves the gauges as the last read set them, as it leaves the page.
			metrics.organisationSecrets(statuses);
		}
		catch (RuntimeException ex) {
			LOG.warn("Could not read the organisation secrets' states for the status page: {}", ex.getMessage());
		}
	}

	private void finish(Set<RepositoryName> repositories, SyncEngine.PlannedRun planned, boolean applied,
			Optional<String> problem) {
		var status = planned.status(clock.instant());
		StatusBoard.Writer writer = writerRejected.getAsBoolean() ? StatusBoard.Writer.REJECTED
				: StatusBoard.Writer.ACCEPTED;
		if (repositories.isEmpty()) {
			board.runSucceeded(status, clock.instant(), applied, problem, writer);
			showOrganisationSecrets();
		}
		else {
			board.bindingsSucceeded(repositories, status, clock.instant(), applied, problem, writer);
		}
		board.snapshot().report().ifPresent(metrics::status);
	}

}
