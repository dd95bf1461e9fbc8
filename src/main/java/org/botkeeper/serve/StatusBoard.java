package org.botkeeper.serve;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.botkeeper.broker.AccessDocument;
import org.botkeeper.broker.BotFootprint;
import org.botkeeper.config.BindingsCheck;
import org.botkeeper.github.GitHubCircuit;
import org.botkeeper.sync.BindingStatus;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.StatusReport;
import org.botkeeper.vault.AuditTrail;

/**
 * The latest status the service knows, for the page, the API and health: replaced whole after each
 * run (a run of a few bindings replaces theirs in a copy), so readers always see one consistent snapshot.
 */
public final class StatusBoard {

	/** What the last run learned about the credential botkeeper writes to GitHub with. */
	public enum Writer {

		/** No run has reached GitHub yet. */
		UNKNOWN,
		/** GitHub accepted it in the last run. */
		ACCEPTED,
		/** GitHub answered 401 to it: the writer's problem, not any bound token's. */
		REJECTED

	}

	/**
	 * @param report the latest binding statuses, empty before the first successful plan
	 * @param lastRunAt when the last run ended
	 * @param lastProblem why the last run failed or stopped early, if it did
	 * @param nextRunAt when the next run starts
	 * @param applied whether this replica held the lease and applied in the last run
	 * @param writer what GitHub said to the writer credential in the last run
	 * @param stale the report is from an earlier run: the last one failed before it could plan
	 */
	public record Snapshot(Optional<StatusReport> report, Optional<Instant> lastRunAt, Optional<String> lastProblem,
			Optional<Instant> nextRunAt, boolean applied, Writer writer, boolean stale) {

		static final Snapshot EMPTY = new Snapshot(Optional.empty(), Optional.empty(), Optional.empty(),
				Optional.empty(), false, Writer.UNKNOWN, false);

	}

	/**
	 * The last footprint ({@link FootprintSchedule}), kept apart from the sync's snapshot: it runs on a
	 * schedule of its own. Only {@link Computed} has findings; every other state is unknown, never none.
	 */
	public sealed interface Footprint {

		/** Not tried yet since start-up (or {@code botkeeper.footprint.interval=off}). */
		record Pending(boolean off) implements Footprint {
		}

		/** Not computed, for a reason that is no failure: no bot token stored, or no binding to compare with. */
		record NotComputed(Instant at, String why) implements Footprint {
		}

		/** It failed; the message is ours (what failed and what to do), never a value. */
		record Failed(Instant at, String problem) implements Footprint {
		}

		record Computed(Instant at, String login, Set<String> organisations, List<BotFootprint.Finding> findings)
				implements Footprint {

			public long count(BotFootprint.Kind kind) {
				return findings.stream().filter(finding -> finding.kind() == kind).count();
			}

		}

	}

	/**
	 * The last access review ({@link AccessSchedule}): who can get the bot's credentials. Only
	 * {@link Computed} has the review; the other states are unknown, never "nobody".
	 */
	public sealed interface Access {

		/** Not tried yet since start-up (or {@code botkeeper.access.interval=off}). */
		record Pending(boolean off) implements Access {
		}

		/**
		 * It failed; the message is ours (what failed and what to do), never a value.
		 *
		 * @param denied serve's Vault token may not review access: it is not asked again until a restart
		 */
		record Failed(Instant at, String problem, boolean denied) implements Access {
		}

		/** @param vault the address of the Vault that answered (never a token) */
		record Computed(Instant at, String vault, AccessDocument.Review review) implements Access {
		}

	}

	/**
	 * The last full run's check of Vault's records against the bindings file ({@code botkeeper.config}).
	 *
	 * @param check the three lists, from the last valid version of the file
	 * @param problem why the file as it is now was not used, if it was not
	 * @param at when the run checked
	 */
	public record Declared(BindingsCheck check, Optional<String> problem, Instant at) {
	}

	/**
	 * What {@link AuditFollower} found in Vault's audit log: the latest alerts (reads of the password or the
	 * recovery codes, denied attempts on them, a disabled device), newest first.
	 *
	 * @param file the audit log followed
	 * @param alerts at most {@link AuditFollower#KEPT} of them
	 * @param problem why the file could not be read at the last poll, if it could not
	 * @param at the last poll
	 */
	public record AuditAlerts(String file, List<AuditTrail.Event> alerts, Optional<String> problem, Instant at) {

		public AuditAlerts {
			alerts = List.copyOf(alerts);
		}

	}

	private final AtomicReference<Optional<AuditAlerts>> audit = new AtomicReference<>(Optional.empty());

	private final AtomicReference<Optional<Declared>> declared = new AtomicReference<>(Optional.empty());

	private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.EMPTY);

	private final AtomicReference<Footprint> footprint = new AtomicReference<>(new Footprint.Pending(false));

	private final AtomicReference<List<org.botkeeper.sync.OrgSecretStatus>> organisationSecrets =
			new AtomicReference<>(List.of());

	private final AtomicReference<Access> access = new AtomicReference<>(new Access.Pending(false));

	private final Supplier<GitHubCircuit.State> githubCircuit;

	/** @param githubCircuit the live state of the breaker in front of GitHub (it changes between runs too) */
	public StatusBoard(Supplier<GitHubCircuit.State> githubCircuit) {
		this.githubCircuit = githubCircuit;
	}

	public Snapshot snapshot() {
		return current.get();
	}

	public Footprint footprint() {
		return footprint.get();
	}

	/** The organisation secrets' states after the last full run; none before it, or when there are none. */
	public List<org.botkeeper.sync.OrgSecretStatus> organisationSecrets() {
		return organisationSecrets.get();
	}

	void organisationSecrets(List<org.botkeeper.sync.OrgSecretStatus> latest) {
		organisationSecrets.set(List.copyOf(latest));
	}

	void footprint(Footprint latest) {
		footprint.set(latest);
	}

	public Access access() {
		return access.get();
	}

	void access(Access latest) {
		access.set(latest);
	}

	/** Empty without {@code botkeeper.audit.file}. */
	public Optional<AuditAlerts> audit() {
		return audit.get();
	}

	void audit(AuditAlerts latest) {
		audit.set(Optional.of(latest));
	}

	/** Empty without {@code botkeeper.config}, and before the first full run with it. */
	public Optional<Declared> declared() {
		return declared.get();
	}

	void declared(Declared latest) {
		declared.set(Optional.of(latest));
	}

	/** Whether GitHub calls go out now: OPEN while GitHub is failing and botkeeper holds its calls back. */
	public GitHubCircuit.State githubCircuit() {
		return githubCircuit.get();
	}

	void runSucceeded(StatusReport report, Instant at, boolean applied, Optional<String> problem, Writer writer) {
		current.updateAndGet(s -> new Snapshot(Optional.of(report), Optional.of(at), problem, s.nextRunAt(), applied,
				writer, false));
	}

	/**
	 * A run of a few bindings (the change marker named them): their statuses replace theirs, the others
	 * stay as the last full run left them, and so does the report's time. Before the first full report
	 * there is nothing to merge into: a report of a few bindings would read as if the others were gone.
	 */
	void bindingsSucceeded(Set<RepositoryName> repositories, StatusReport part, Instant at, boolean applied,
			Optional<String> problem, Writer writer) {
		current.updateAndGet(s -> new Snapshot(s.report().map(report -> merged(report, repositories, part)), Optional.of(at),
				problem, s.nextRunAt(), applied, writer, s.stale()));
	}

	private static StatusReport merged(StatusReport report, Set<RepositoryName> repositories, StatusReport part) {
		List<BindingStatus> bindings = new ArrayList<>(report.bindings());
		bindings.removeIf(status -> repositories.contains(status.binding().repository()));
		bindings.addAll(part.bindings());
		bindings.sort(Comparator.comparing(status -> status.binding().toString()));
		return new StatusReport(bindings, report.generatedAt(), report.driftChecked());
	}

	/** A run that could not even plan keeps the last report: stale data beats none, and the problem says why. */
	void runFailed(String problem, Instant at, Writer writer) {
		current.updateAndGet(s -> new Snapshot(s.report(), Optional.of(at), Optional.of(problem), s.nextRunAt(), false,
				writer, s.report().isPresent()));
	}

	void nextRunAt(Instant at) {
		current.updateAndGet(s -> new Snapshot(s.report(), s.lastRunAt(), s.lastProblem(), Optional.of(at), s.applied(),
				s.writer(), s.stale()));
	}

}
