package org.botkeeper.cli;

import java.io.PrintWriter;
import java.util.List;

import org.botkeeper.sync.EnvironmentName;
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
				"  botkeeper oidc enable acme/app --environment production --repository-id 123 --owner-id 45 \\",
				"      --workflow-ref 'acme/app/.github/workflows/release.yml@refs/heads/main'" })
final class OidcEnableCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private TableOptions table;

	@Parameters(index = "0", paramLabel = "OWNER/REPO", description = "The binding, spelled as GitHub does.")
	private String repository;

	@Option(names = "--environment", paramLabel = "NAME", required = true,
			description = "The GitHub environment the job must name (its deployment protection rules then apply).")
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

	@Option(names = "--plan", description = "Show what would change; write nothing.")
	private boolean plan;

	@Override
	public void run() {
		RepositoryName repo = RepositoryName.parse(repository);
		OidcBindings.Role role = new OidcBindings.Role(repo, OidcClaims.id("--repository-id", repositoryId),
				OidcClaims.id("--owner-id", ownerId), new EnvironmentName(environment),
				OidcClaims.workflowRef(workflowRef, repo), OidcClaims.audience(audience));
		VaultOptions.Session session = context.open();
		OidcBindings bindings = new OidcBindings(session.connection(), session.layout());
		List<InitStep> steps = bindings.enable(role, !plan);
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
		context.err().println(!changes ? "Nothing changed: the role is already set up."
				: plan ? "Plan only; nothing was written. Run without --plan to apply."
						: "Workflows of " + repo + " in environment " + environment + " can read its token from Vault.");
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
