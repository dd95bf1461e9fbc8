package org.botkeeper.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.botkeeper.config.BindingsCheck;
import org.botkeeper.config.BindingsFile;
import org.botkeeper.config.OrgSecretsCheck;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.GitHubConnection;
import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.broker.SyncRun;
import org.botkeeper.sync.Action;
import org.botkeeper.sync.ApplyReport;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.LeaseHeldException;
import org.botkeeper.sync.LeaseHolder;
import org.botkeeper.sync.NoSuchBindingException;
import org.botkeeper.sync.Plan;
import org.botkeeper.sync.OrgSecretSync;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.SyncLease;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper sync}: plans, shows the plan, asks, applies. */
@Command(name = "sync", sortOptions = false,
		description = { "Syncs each token in Vault into its repository's secret (environment by default).", "",
				"Organisation secrets ('org-secret put') go into organisation Actions secrets with visibility 'selected',",
				"given to exactly their repositories: a list changed on GitHub is set back.", "",
				"Plans first (reads only), shows the plan, asks, then applies one write at a time. GitHub is written as",
				"the writer credential stored in Vault, at $GITHUB_API_URL (default https://api.github.com).", "",
				"One replica applies at a time, under a lease in Vault. A lease whose holder ran on this machine and whose",
				"process is gone is taken over at once; any other waits until it expires (2 minutes), unless an operator",
				"who knows its holder is gone breaks it with --break-lease --reason TEXT (kept in the lease's history).",
				"With no terminal to confirm on, it applies only with --yes (else exits 2).", "",
				"Examples:", "  botkeeper sync --plan", "  botkeeper sync --yes jupyterhub/binderhub jupyterhub/repo2docker",
				"  botkeeper sync --plan --organisation jupyterhub",
				"  botkeeper sync --plan --config botkeeper.yaml" })
final class SyncCommand implements java.util.concurrent.Callable<Integer> {

	@Mixin
	private BrokerContext context;

	@Mixin
	private TableOptions table;

	@Option(names = "--plan", description = "Show what would change, and why; write nothing.")
	private boolean planOnly;

	@Option(names = "--detailed-exitcode",
			description = "With --plan: exit 4 when a binding is blocked (or, with "
					+ "--config, declared with no token or bound elsewhere), else 3 when there are changes.")
	private boolean detailedExitCode;

	@Option(names = { "-y", "--yes" }, description = "Apply without asking (needed when stdin is not a terminal).")
	private boolean yes;

	@Option(names = "--adopt", description = "Take over same-name secrets that botkeeper did not create.")
	private boolean adopt;

	@Option(names = "--force", description = "Push every binding again, even when up to date.")
	private boolean force;

	@Option(names = "--prune", description = "Delete the GitHub secrets of bindings that are gone from Vault (only secrets botkeeper owns).")
	private boolean prune;

	@Option(names = "--config", paramLabel = "PATH", description = "Hold Vault's tokens against what the file declares "
			+ "(botkeeper.yaml: bindings and organisation secrets): list declared ones with no token, tokens bound "
			+ "elsewhere (or given to other repositories) than declared (not synced) and undeclared tokens (synced); "
			+ "either of the first two makes the exit code 1.")
	private Path config;

	@Option(names = "--organisation", paramLabel = "ORG", description = "Sync the organisation secrets of ORG ('botkeeper "
			+ "org-secret put'); repeatable. Alone it syncs no repository binding; with OWNER/REPO also theirs. Without "
			+ "it and without OWNER/REPO every binding and every organisation secret is synced.")
	private List<String> organisationNames = new java.util.ArrayList<>();

	@Option(names = "--break-lease", description = "Take the sync lease over even though another replica holds it: only "
			+ "for a holder you know is gone for good. Needs --reason; recorded in the lease's history.")
	private boolean breakLease;

	@Option(names = "--reason", paramLabel = "TEXT", description = "Why the lease is broken (with --break-lease).")
	private String reason;

	@Override
	public Integer call() {
		checkBreakLease();
		var repositories = context.repositories();
		Set<String> organisationsNamed = organisationsNamed();
		Map<String, String> env = context.env();
		// Read before anything is contacted: a file with a mistake stops the run at exit 2.
		BindingsFile declared = config == null ? null : BindingsCheckView.read(config, env, context.layout());
		boolean bindings = !repositories.isEmpty() || organisationsNamed.isEmpty();
		var out = context.out();
		var err = context.err();
		BrokerAssembly assembly = context.assemble(env, new RateLimitNotice(err));
		GitHubConnection github = assembly.github();
		SyncEngine engine = assembly.engine(github);
		Planner.Options options = new Planner.Options(adopt, force, prune);
		SyncEngine.PlannedRun read = !bindings ? new SyncEngine.PlannedRun(new Plan(List.of()), List.of(), Map.of())
				: declared == null || repositories.isEmpty() ? engine.plan(repositories, options)
						: planDeclared(engine, repositories, options, declared);
		// --organisation alone reads no binding, so the file's bindings are not compared either.
		BindingsCheck check = declared == null ? null
				: bindings ? BindingsCheck.of(declared, read.desired(), repositories) : BindingsCheck.none(declared);
		SyncEngine.PlannedRun planned = check == null ? read : check.holdBack(read);
		// Named repositories narrow the run to their bindings; an organisation secret spans repositories, so it
		// is synced when its organisation is named, or when nothing is.
		OrgSecretSync organisations = repositories.isEmpty() || !organisationsNamed.isEmpty()
				? assembly.orgSecrets(github) : null;
		OrgSecretSync.Planned orgRead = organisations == null ? OrgSecretSync.Planned.NONE
				: organisations.plan(organisationsNamed, options);
		if (check != null && organisations != null) {
			check = check.with(OrgSecretsCheck.of(declared, orgRead.desired(), organisationsNamed));
		}
		OrgSecretSync.Planned orgPlanned = check == null ? orgRead : check.organisationSecrets().holdBack(orgRead);
		if (check != null) {
			BindingsCheckView.report(err, check);
		}
		Map<String, Object> configJson = check == null ? null : check.document();
		PlanView.legacyLayout(err, planned.desired());
		PlanView.outsideEnvironments(err, planned.plan());
		PlanView.organisationReaders(err, orgPlanned);
		long failed = planned.plan().count(Action.FAILED) + orgPlanned.count(Action.FAILED);
		if (planOnly) {
			PlanView.plan(out, planned.plan(), orgPlanned, table.json(), table, configJson);
			if (failed > 0) {
				err.println(PlanView.notPlanned(failed));
				return ExitCodes.REMOTE_FAILURE;
			}
			return attention(detailedExitCode ? detailedExitCode(planned.plan(), orgPlanned) : ExitCodes.OK, check);
		}
		SyncLease lease = assembly.lease(Duration.ofMinutes(2));
		LeaseHolder self = LeaseHolder.current("cli");
		AttendedRun hooks = new AttendedRun(err, run -> {
			PlanView.plan(err, run.plan(), orgPlanned, false, table, null);
			return yes || confirm();
		});
		try {
			SyncRun.Outcome outcome = new SyncRun(engine, organisations, () -> breakLease
					? lease.breakAndAcquire(self, self.name() + " (Vault identity '" + assembly.vaultIdentity() + "')", reason)
					: lease.acquire(self), hooks).run(planned, orgPlanned);
			return switch (outcome) {
				case SyncRun.Unchanged unchanged -> attention(nothingToDo(planned.plan(), orgPlanned, out, err, configJson),
						check);
				case SyncRun.Declined declined -> ExitCodes.BAD_INPUT;
				case SyncRun.LeaseHeld held -> throw new LeaseHeldException(lease.holder());
				case SyncRun.Applied applied -> attention(report(applied.report(), applied.organisations(), out, err,
						configJson), check);
			};
		}
		finally {
			hooks.done();
		}
	}

	private int nothingToDo(org.botkeeper.sync.Plan plan, OrgSecretSync.Planned orgPlanned, PrintWriter out,
			PrintWriter err, Map<String, Object> configJson) {
		if (table.json()) {
			PlanView.plan(out, plan, orgPlanned, true, table, configJson);
		}
		else {
			PlanView.plan(err, plan, orgPlanned, false, table, null);
			err.println("Nothing to do: every binding is up to date, blocked or failed (see the reasons above)."
					+ (breakLease ? " The sync lease was not needed, so it was not broken." : ""));
		}
		boolean attention = plan.count(Action.BLOCKED) > 0 || plan.count(Action.FAILED) > 0
				|| orgPlanned.count(Action.BLOCKED) > 0 || orgPlanned.count(Action.FAILED) > 0;
		return attention ? ExitCodes.REMOTE_FAILURE : ExitCodes.OK;
	}

	private int report(ApplyReport report, List<OrgSecretSync.Result> organisations, PrintWriter out, PrintWriter err,
			Map<String, Object> configJson) {
		PlanView.report(out, report, organisations, table.json(), table, configJson);
		report.abortedBecause().ifPresent(reason -> err.println("Stopped: " + reason));
		err.printf("Done: %d applied, %d unchanged, %d blocked, %d failed, %d skipped.%n",
				report.count(ItemResult.Status.DONE) + count(organisations, ItemResult.Status.DONE),
				report.count(ItemResult.Status.UNCHANGED) + count(organisations, ItemResult.Status.UNCHANGED),
				report.count(ItemResult.Status.BLOCKED) + count(organisations, ItemResult.Status.BLOCKED),
				report.count(ItemResult.Status.FAILED) + count(organisations, ItemResult.Status.FAILED),
				report.count(ItemResult.Status.SKIPPED) + count(organisations, ItemResult.Status.SKIPPED));
		out.flush();
		err.flush();
		boolean organisationsFine = count(organisations, ItemResult.Status.FAILED) == 0
				&& count(organisations, ItemResult.Status.BLOCKED) == 0;
		return report.succeeded() && report.count(ItemResult.Status.BLOCKED) == 0 && organisationsFine ? ExitCodes.OK
				: ExitCodes.REMOTE_FAILURE;
	}

	private static long count(List<OrgSecretSync.Result> results, ItemResult.Status status) {
		return results.stream().filter(result -> result.status() == status).count();
	}

	/**
	 * Plans the named repositories when the file declares some of them: a declared one with no token is
	 * reported as missing rather than refused as a typo; one neither declared nor known is refused still.
	 */
	private static SyncEngine.PlannedRun planDeclared(SyncEngine engine, Set<RepositoryName> named,
			Planner.Options options, BindingsFile declared) {
		SyncEngine.PlannedRun read = engine.planNamed(named, options);
		for (RepositoryName repository : named) {
			if (declared.declarationOf(repository).isEmpty() && !read.ledger().containsKey(repository)
					&& read.desired().stream().noneMatch(d -> d.binding().repository().equals(repository))) {
				throw new NoSuchBindingException(repository);
			}
		}
		return read;
	}

	/**
	 * A declared binding with no token, or a token bound elsewhere than declared, needs a person: a run
	 * that otherwise succeeded says so with its exit code, so that CI notices.
	 */
	private int attention(int code, BindingsCheck check) {
		if (check == null || !check.needsAttention() || (code != ExitCodes.OK && code != ExitCodes.CHANGES_PENDING)) {
			return code;
		}
		return detailedExitCode ? ExitCodes.NEEDS_ATTENTION : ExitCodes.REMOTE_FAILURE;
	}

	/** A blocked binding needs a person, which outranks changes a script could apply. */
	private static int detailedExitCode(org.botkeeper.sync.Plan plan, OrgSecretSync.Planned orgPlanned) {
		if (plan.count(org.botkeeper.sync.Action.BLOCKED) > 0 || orgPlanned.count(Action.BLOCKED) > 0) {
			return ExitCodes.NEEDS_ATTENTION;
		}
		return plan.hasChanges() || orgPlanned.hasChanges() ? ExitCodes.CHANGES_PENDING : ExitCodes.OK;
	}

	private boolean confirm() {
		Terminal terminal = context.terminal();
		if (!terminal.interactive()) {
			throw UserFacingException.badInput("Not applied: stdin is not a terminal, so nobody can confirm. "
					+ "Review the plan above and rerun with --yes.");
		}
		if (!terminal.confirm("Apply these changes to GitHub?")) {
			context.err().println("Not applied.");
			return false;
		}
		return true;
	}

	/** The organisations of --organisation, checked like repository owners, in lower case. */
	private Set<String> organisationsNamed() {
		Set<String> named = new java.util.TreeSet<>();
		for (String organisation : organisationNames) {
			named.add(org.botkeeper.sync.OrgSecretTarget.organisation(organisation));
		}
		return named;
	}

	/** --break-lease needs a reason, and applies (a plan takes no lease); checked before any request. */
	private void checkBreakLease() {
		if (reason != null && !breakLease) {
			throw UserFacingException.badInput("--reason goes with --break-lease; nothing else takes a reason.");
		}
		if (!breakLease) {
			return;
		}
		if (planOnly) {
			throw UserFacingException.badInput("--break-lease takes the lease to apply; --plan takes no lease. Drop one.");
		}
		if (reason == null || reason.isBlank() || reason.length() > 200 || reason.chars().anyMatch(Character::isISOControl)) {
			throw UserFacingException.badInput("--break-lease needs --reason TEXT (one line, up to 200 characters): why "
					+ "the holder is known to be gone. It is kept in the lease's history.");
		}
	}


}
