package org.botkeeper.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.GitHubOidcSetup;
import org.botkeeper.vault.InitStep;
import org.botkeeper.vault.OidcBindings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code botkeeper oidc enable OWNER/REPO}: the JWT role and policy of one binding's workflows. */
@Command(name = "enable", sortOptions = false,
		description = { "Lets a repository's workflows read its token from Vault with their OIDC token.",
				"Writes a policy that reads that binding's token record and nothing else, and a JWT role that grants",
				"it, for 5 minutes, only to jobs whose token names the repository, its id and its owner's id (a",
				"deleted and recreated or renamed repository does not inherit it), the environment (GitHub names it",
				"only when the job does: fork pull requests and jobs without one get nothing), the audience and,",
				"with --workflow-ref, the workflow. Prints the workflow step that uses it. The ids:",
				"gh api repos/OWNER/REPO --jq '.id, .owner.id'.", "", "Examples:",
				"  botkeeper oidc enable acme/app --environment production --repository-id 123 --owner-id 45 --plan",
				"  botkeeper oidc enable acme/app --repository-id 123 --owner-id 45 --plan   # where it is synced to",
				"  botkeeper oidc enable acme/app --environment production --repository-id 123 --owner-id 45 \\",
				"      --workflow-ref 'acme/app/.github/workflows/release.yml@refs/heads/main'",
				"  botkeeper oidc enable acme/app --environment production --repository-id 123 --owner-id 45 \\",
				"      --remove-secret --plan   # once the workflow reads the token from Vault" })
final class OidcEnableCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private TableOptions table;

	@Parameters(index = "0", paramLabel = "OWNER/REPO", description = "The binding, spelled as GitHub does.")
	private String repository;

	@Option(names = "--environment", paramLabel = "NAME",
			description = { "The GitHub environment the job must name (its deployment protection rules then apply).",
					"Default: where the broker last pushed the binding's token, from its ledger record (which the",
					"token must be allowed to read, e.g. with botkeeper-auditor too); required without one." })
	private String environment;

	@Option(names = "--repository-id", paramLabel = "ID", required = true,
			description = "The repository's numeric id, which a recreated repository does not keep.")
	private String repositoryId;

	@Option(names = "--owner-id", paramLabel = "ID", required = true, description = "The owner's numeric id.")
	private String ownerId;

	@Option(names = "--workflow-ref", paramLabel = "REF",
			description = "Only jobs of this workflow, as in the job_workflow_ref claim: OWNER/REPO/PATH@REF.")
	private String workflowRef;

	@Option(names = "--audience", paramLabel = "AUDIENCE", defaultValue = OidcBindings.DEFAULT_AUDIENCE,
			description = "The audience the job asks its token for (default ${DEFAULT-VALUE}: a token for botkeeper is "
					+ "good for nothing else).")
	private String audience;

	@Option(names = "--remove-secret",
			description = { "Once the workflows read the token from Vault: mark the binding as delivered by OIDC.",
					"The broker's next sync then deletes the environment secret botkeeper created there and",
					"no longer creates it ('oidc disable' removes the mark). A secret botkeeper did not create",
					"is left alone." })
	private boolean removeSecret;

	@Option(names = "--plan", description = "Show what would change; write nothing.")
	private boolean plan;

	@Override
	public void run() {
		RepositoryName repo = RepositoryName.parse(repository);
		long repoId = OidcClaims.id("--repository-id", repositoryId);
		long owner = OidcClaims.id("--owner-id", ownerId);
		String ref = OidcClaims.workflowRef(workflowRef, repo);
		String aud = OidcClaims.audience(audience);
		EnvironmentName named = environment == null ? null : new EnvironmentName(environment);
		VaultOptions.Session session = context.open();
		OidcBindings.Role role = new OidcBindings.Role(repo, repoId, owner,
				named != null ? named : pushedTo(session, repo), ref, aud);
		OidcBindings bindings = new OidcBindings(session.connection(), session.layout());
		Optional<OidcBindings.RemoveSecret> remove = !removeSecret ? Optional.empty()
				: Optional.of(new OidcBindings.RemoveSecret(Instant.now(), session.ledger(repo)
					.filter(entry -> entry.binding().inEnvironment(role.environment()))
					.map(entry -> entry.binding().secretName())));
		List<InitStep> steps = bindings.enable(role, remove, !plan);
		PrintWriter out = context.out();
		if (table.json()) {
			Output.json(out, StepsView.json(plan, steps));
		}
		else {
			StepsView.table(out, table, plan, steps);
			out.println();
			out.println(snippet(bindings, role, session.connection().settings().address().toString()));
			out.flush();
		}
		boolean changes = steps.stream().anyMatch(InitStep::changes);
		context.err().println(!changes ? "Nothing changed: the role is already set up" + (removeSecret ? " and marked." : ".")
				: plan ? "Plan only; nothing was written. Run without --plan to apply."
						: "Workflows of " + repo + " in environment " + role.environment() + " can read its token from Vault"
								+ (removeSecret ? "; the broker's next sync deletes its environment secret there." : "."));
	}

	/**
	 * The environment the broker last pushed {@code repo}'s token to, from its ledger record: written by
	 * the broker alone, from the binding in the value's own version. Not the token record's display copy,
	 * which an admin may edit without writing a value and so would choose whose jobs read the token.
	 */
	private EnvironmentName pushedTo(VaultOptions.Session session, RepositoryName repo) {
		EnvironmentName pushed = session.ledger(repo).filter(LedgerEntry::owned)
			.filter(entry -> entry.binding().inEnvironment())
			.map(entry -> entry.binding().environment())
			.orElseThrow(() -> UserFacingException.badInput("--environment is required: the broker's ledger does not "
					+ "say where the token of " + repo + " is pushed (it was never pushed, or this Vault token may not "
					+ "read the ledger: botkeeper-auditor may). Name the environment whose jobs may read the token."));
		context.err().println("Environment " + pushed + ": where the broker last pushed the token of " + repo
				+ " (its ledger record). Give --environment for another.");
		return pushed;
	}

	/** The job a repository adds to read its token: hashicorp/vault-action logging in with the job's token. */
	private static String snippet(OidcBindings bindings, OidcBindings.Role role, String vaultAddress) {
		return String.join("\n", "In the workflow:", "  jobs:", "    deploy:",
				"      environment: " + OidcClaims.yaml(role.environment().value()), "      permissions:", "        id-token: write",
				"        contents: read", "      steps:", "        - uses: hashicorp/vault-action@v3", "          with:",
				"            url: " + vaultAddress, "            method: jwt",
				"            path: " + GitHubOidcSetup.PATH, "            role: " + bindings.name(role.repository()),
				"            jwtGithubAudience: " + OidcClaims.yaml(role.audience()), "            secrets: |",
				"              " + bindings.secretPath(role.repository()) + " " + OidcBindings.VALUE_FIELD + " | BOT_TOKEN");
	}

}
