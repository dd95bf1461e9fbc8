package org.botkeeper.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.InitStep;
import org.botkeeper.vault.OidcBindings;
import org.botkeeper.vault.VaultLayout;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code botkeeper oidc broker OWNER/REPO}: the JWT role a scheduled workflow of an infrastructure
 * repository runs {@code sync} with, instead of a stored AppRole secret id; {@code --remove} deletes it.
 */
@Command(name = "broker", sortOptions = false,
		description = { "Lets one workflow of an infrastructure repository run the broker with its OIDC token.",
				"Writes the JWT role botkeeper-broker-actions, granting the broker policy 'vault init' wrote, for "
						+ OidcBindings.BROKER_TOKEN_MINUTES + " minutes",
				"(not renewed: the longest a sync may run), only to jobs whose token names the repository, its id and",
				"its owner's id (a deleted and recreated or renamed repository does not inherit it), the workflow",
				"file and branch (job_workflow_ref and ref: another workflow, or the same file on another branch,",
				"gets nothing) and the audience. The workflow sets BOTKEEPER_VAULT_JWT_ROLE and runs 'sync --yes'",
				"(docs/examples/botkeeper-sync.yml). --remove deletes the role. The ids:",
				"gh api repos/OWNER/REPO --jq '.id, .owner.id'.", "", "Examples:",
				"  botkeeper oidc broker --remove --plan",
				"  botkeeper oidc broker acme/infra --repository-id 201 --owner-id 45 \\",
				"      --workflow-ref 'acme/infra/.github/workflows/botkeeper-sync.yml@refs/heads/main' --plan" })
final class OidcBrokerCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private TableOptions table;

	@Parameters(index = "0", arity = "0..1", paramLabel = "OWNER/REPO",
			description = "The infrastructure repository whose scheduled workflow runs the broker.")
	private String repository;

	@Option(names = "--repository-id", paramLabel = "ID",
			description = "The repository's numeric id, which a recreated repository does not keep.")
	private String repositoryId;

	@Option(names = "--owner-id", paramLabel = "ID", description = "The owner's numeric id.")
	private String ownerId;

	@Option(names = "--workflow-ref", paramLabel = "REF",
			description = "The workflow that runs the broker, as in the job_workflow_ref claim: OWNER/REPO/PATH@REF, a "
					+ "file of OWNER/REPO on the branch it runs on (a scheduled run: the default branch).")
	private String workflowRef;

	@Option(names = "--audience", paramLabel = "AUDIENCE", defaultValue = OidcBindings.DEFAULT_AUDIENCE,
			description = "The audience the job asks its token for (default ${DEFAULT-VALUE}; the workflow sets "
					+ "BOTKEEPER_VAULT_JWT_AUDIENCE to another).")
	private String audience;

	@Option(names = "--remove", description = "Delete the broker's role instead (the broker policy stays).")
	private boolean remove;

	@Option(names = "--plan", description = "Show what would change; write nothing.")
	private boolean plan;

	@Override
	public void run() {
		OidcBindings.BrokerJob job = remove ? refuseClaimsWithRemove() : job();
		VaultOptions.Session session = context.open();
		OidcBindings bindings = new OidcBindings(session.connection(), session.layout());
		List<InitStep> steps = remove ? bindings.removeBroker(!plan) : bindings.enableBroker(job, !plan);
		PrintWriter out = context.out();
		if (table.json()) {
			Output.json(out, StepsView.json(plan, steps));
		}
		else {
			StepsView.table(out, table, plan, steps);
			if (!remove) {
				out.println();
				out.println(snippet(OidcBindings.brokerName(session.layout()), job, session.layout()));
			}
			out.flush();
		}
		boolean changes = steps.stream().anyMatch(InitStep::changes);
		context.err().println(!changes ? "Nothing changed: " + (remove ? "there is no broker role."
				: "the broker's role is already set up.")
				: plan ? "Plan only; nothing was written. Run without --plan to apply."
						: remove ? "No workflow can log in as the broker now; Vault tokens already issued live out their "
								+ OidcBindings.BROKER_TOKEN_MINUTES + " minutes."
								: "Jobs of " + job.repository() + " running " + job.workflowRef()
										+ " can log in to Vault as the broker.");
	}

	private OidcBindings.BrokerJob refuseClaimsWithRemove() {
		if (repository != null || repositoryId != null || ownerId != null || workflowRef != null) {
			throw UserFacingException.badInput("--remove deletes the broker's role and takes no OWNER/REPO, "
					+ "--repository-id, --owner-id or --workflow-ref.");
		}
		return null;
	}

	private OidcBindings.BrokerJob job() {
		List<String> missing = new ArrayList<>();
		if (repository == null) {
			missing.add("OWNER/REPO");
		}
		for (String[] option : new String[][] { { "--repository-id", repositoryId }, { "--owner-id", ownerId },
				{ "--workflow-ref", workflowRef } }) {
			if (option[1] == null) {
				missing.add(option[0]);
			}
		}
		if (!missing.isEmpty()) {
			throw UserFacingException.badInput("oidc broker needs " + String.join(", ", missing) + ": the repository "
					+ "and ids the role is bound to, and the workflow file and branch that run the broker (or --remove).");
		}
		RepositoryName repo = RepositoryName.parse(repository);
		String ref = OidcClaims.workflowRef(workflowRef, repo);
		// The ref claim is bound to the ref after '@', which is the run's own only for a workflow of the repository.
		if (!ref.toLowerCase(Locale.ROOT).startsWith(VaultLayout.canonical(repo) + "/")) {
			throw UserFacingException.badInput("--workflow-ref must be a workflow file of " + repo + " (the broker's "
					+ "own scheduled workflow), e.g. " + repo + "/.github/workflows/botkeeper-sync.yml@refs/heads/main.");
		}
		return new OidcBindings.BrokerJob(repo, OidcClaims.id("--repository-id", repositoryId),
				OidcClaims.id("--owner-id", ownerId), ref, OidcClaims.audience(audience));
	}

	/** What the scheduled workflow needs to log in with this role: the permission, a timeout, the variables. */
	private static String snippet(String role, OidcBindings.BrokerJob job, VaultLayout layout) {
		List<String> lines = new ArrayList<>(List.of("In the workflow (as docs/examples/botkeeper-sync.yml):",
				"  permissions:", "    id-token: write", "    contents: read", "  jobs:", "    sync:",
				"      timeout-minutes: " + (OidcBindings.BROKER_TOKEN_MINUTES - 10)
						+ "   # below the role's token ttl: the token is not renewed",
				"      steps:", "        - name: sync", "          env:",
				"            BOTKEEPER_VAULT_JWT_ROLE: " + role));
		if (!job.audience().equals(OidcBindings.DEFAULT_AUDIENCE)) {
			lines.add("            BOTKEEPER_VAULT_JWT_AUDIENCE: " + OidcClaims.yaml(job.audience()));
		}
		if (!layout.isDefault()) {
			lines.add("            BOTKEEPER_KV_MOUNT: " + OidcClaims.yaml(layout.kvMount()));
			lines.add("            BOTKEEPER_TOTP_MOUNT: " + OidcClaims.yaml(layout.totpMount()));
		}
		lines.add("          run: botkeeper/bin/botkeeper sync --yes");
		return String.join("\n", lines);
	}

}
