package org.botkeeper.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.broker.StatusDocument;
import org.botkeeper.github.GitHubConnection;
import org.botkeeper.sync.BindingStatus;
import org.botkeeper.sync.OrgSecretStatus;
import org.botkeeper.sync.OrgSecretSync;
import org.botkeeper.sync.OrgSecretTarget;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.StatusReport;
import org.botkeeper.vault.RecordedStatus;
import org.botkeeper.vault.OrgSecretStore;
import org.botkeeper.vault.Policy;
import org.botkeeper.vault.VaultOrgLedger;
import org.botkeeper.vault.VaultPermissionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code botkeeper status}: every binding's and organisation secret's state, token expiry and last outcome,
 * read-only. From Vault alone by default (what admins, auditors and maintainers may read); {@code --drift}
 * also asks GitHub as the writer, which only the broker may do, through the sync's own plans.
 */
@Command(name = "status", sortOptions = false,
		description = { "Shows each binding's sync state, token expiry and last outcome.", "",
				"Reads Vault only: the token records' metadata, the broker's ledger (sync/OWNER/REPO) and the last",
				"token check (health/OWNER/REPO), which the admin, auditor and maintainer policies may read. No",
				"writer credential and no GitHub call. Whether a secret drifted on GitHub needs the writer: --drift",
				"plans against GitHub as the broker does (the broker's Vault token; reads the writer credential).", "",
				"States: SYNCED (GitHub holds Vault's version), PENDING (the next sync pushes a change), BLOCKED",
				"(nothing is pushed until a person acts; the detail says what to do), FAILING (the last attempt",
				"failed). A token GitHub reported revoked (token check) shows 'revoked' and 0 days to expiry.",
				"Without OWNER/REPO, the organisation secrets ('org-secret put') follow in a table of their own",
				"(organisation_secrets in JSON), from their records and the broker's ledger org-sync/ORG/NAME;",
				"--organisation ORG shows that organisation's alone. With --drift each is planned as sync plans it,",
				"as its organisation's writer: a value changed or deleted on GitHub, a changed list of selected",
				"repositories or a visibility other than 'selected' is drift (DRIFT yes, PENDING: the next sync sets",
				"it back). Drift alone exits 0; exit 4 when a binding or organisation secret is BLOCKED or FAILING.", "",
				"Examples:", "  botkeeper status", "  botkeeper status --format json | jq '.summary'",
				"  VAULT_TOKEN=$BROKER_TOKEN botkeeper status --drift jupyterhub/binderhub",
				"  VAULT_TOKEN=$BROKER_TOKEN botkeeper status --drift --organisation jupyterhub" })
final class StatusCommand implements Callable<Integer> {

	@Mixin
	private BrokerContext context;

	@Mixin
	private TableOptions table;

	@Option(names = "--drift", description = "Also ask GitHub, as the writer credential, whether each secret drifted "
			+ "(needs the broker's Vault token): a binding's secret, and an organisation secret's value, selected "
			+ "repositories and visibility.")
	private boolean drift;

	@Option(names = "--organisation", paramLabel = "ORG", description = "Show the organisation secrets of ORG; "
			+ "repeatable. Alone it shows no repository binding; with OWNER/REPO also theirs (as sync --organisation).")
	private List<String> organisationNames = new java.util.ArrayList<>();

	@Override
	public Integer call() {
		var repositories = context.repositories();
		Set<String> organisationsNamed = new TreeSet<>();
		organisationNames.forEach(name -> organisationsNamed.add(OrgSecretTarget.organisation(name)));
		// As sync: named repositories narrow to their bindings; an organisation secret spans repositories, so it
		// is shown when its organisation is named, or when nothing is.
		boolean bindings = !repositories.isEmpty() || organisationsNamed.isEmpty();
		boolean organisationSecrets = repositories.isEmpty() || !organisationsNamed.isEmpty();
		var env = context.env();
		var err = context.err();
		StatusReport report = new StatusReport(List.of(), Instant.now(), drift);
		List<OrgSecretStatus> organisations = List.of();
		if (drift) {
			BrokerAssembly assembly = context.assemble(env);
			GitHubConnection github = assembly.github();
			if (bindings) {
				report = assembly.engine(github).plan(repositories, Planner.Options.DEFAULT).status(Instant.now());
			}
			if (organisationSecrets) {
				// The sync's own plan: GitHub read as each organisation's writer, as sync --plan reads it.
				OrgSecretSync.Planned planned = assembly.orgSecrets(github)
					.plan(organisationsNamed, Planner.Options.DEFAULT);
				organisations = OrgSecretStatus.planned(of(assembly.orgSecretStatuses(), organisationsNamed),
						planned.items());
			}
		}
		else {
			VaultOptions.Session session = context.open();
			if (bindings) {
				RecordedStatus.Result read = new RecordedStatus(session.connection(), session.layout(), session.defaults())
					.read(repositories, Instant.now());
				report = read.report();
				if (read.hidden() > 0) {
					err.println(read.hidden() + " more token records exist that your policy does not let you read.");
				}
				if (read.unrecorded() > 0) {
					err.println(read.unrecorded() + " bindings' ledger, token check or OIDC mark is not readable with your "
							+ "policy: their state is judged from the token record alone.");
				}
			}
			organisations = organisationSecrets ? of(organisationSecrets(session), organisationsNamed) : List.of();
		}
		var out = context.out();
		if (table.json()) {
			Output.json(out, StatusDocument.of(report, Optional.empty(), organisations));
		}
		else {
			if (bindings) {
				table.table(out, List.of("BINDING", "STATE", "VAULT", "PUSHED", "LAST SYNC", "EXPIRES", "DRIFT", "DETAIL"),
						report.bindings().stream().map(this::row).toList());
				err.printf("%d %s: %d synced, %d pending, %d blocked, %d failing, %d expiring within %d days.%n",
						report.bindings().size(), report.bindings().size() == 1 ? "binding" : "bindings", report.synced(),
						report.count(BindingStatus.State.PENDING),
						report.count(BindingStatus.State.BLOCKED), report.count(BindingStatus.State.FAILING),
						report.expiringSoon(), BindingStatus.EXPIRY_WARNING_DAYS);
			}
			if (!organisations.isEmpty()) {
				table.table(out, List.of("ORGANISATION SECRET", "STATE", "VAULT", "PUSHED", "DRIFT", "DETAIL"),
						organisations.stream()
							.map(status -> Arrays.asList(status.display(), status.state().name(),
									String.valueOf(status.vaultVersion()), String.valueOf(status.pushedVersion()),
									drift(status.driftChecked(), status.drift()), status.detail()))
							.toList());
			}
			else if (!bindings) {
				err.println("No organisation secret of " + String.join(", ", organisationsNamed) + " is in Vault "
						+ "(or your policy may not list them).");
			}
			if (!drift) {
				err.println("Drift on GitHub was not checked: that needs the writer credential (botkeeper status --drift "
						+ "with the broker's Vault token).");
			}
		}
		err.flush();
		boolean organisationsNeedAttention = organisations.stream().anyMatch(OrgSecretStatus::needsAttention);
		return report.needingAttention() > 0 || organisationsNeedAttention ? ExitCodes.NEEDS_ATTENTION : ExitCodes.OK;
	}

	/** Those of the organisations named, or all when none is. */
	private static List<OrgSecretStatus> of(List<OrgSecretStatus> statuses, Set<String> organisations) {
		return statuses.stream()
			.filter(status -> organisations.isEmpty() || organisations.contains(status.target().organisation()))
			.toList();
	}

	/**
	 * The organisation secrets' states from their records' metadata and the broker's ledger; none for a
	 * policy that may not list them (a maintainer's: one such token spans repositories).
	 */
	private static List<OrgSecretStatus> organisationSecrets(VaultOptions.Session session) {
		try {
			return new OrgSecretStore(session.connection(), session.layout(), Policy.AUDITOR.policyName())
				.statuses(new VaultOrgLedger(session.connection(), session.layout(), Policy.AUDITOR.policyName()));
		}
		catch (VaultPermissionException ex) {
			return List.of();
		}
	}

	private List<String> row(BindingStatus status) {
		String expires = status.tokenRevoked() ? "revoked"
				: status.daysToExpiry().map(days -> days + "d" + (status.expiringSoon() ? " (!)" : "")).orElse(null);
		return Arrays.asList(table.binding(status.binding()), status.state().name(), String.valueOf(status.vaultVersion()),
				String.valueOf(status.pushedVersion()),
				status.lastSyncedAt().map(at -> at.truncatedTo(ChronoUnit.SECONDS).toString()).orElse(null), expires,
				drift(status.driftChecked(), status.drift()), status.detail());
	}

	private static String drift(boolean checked, boolean drift) {
		return !checked ? "not checked" : drift ? "yes" : "no";
	}

}
