package org.botkeeper.cli;

import java.util.List;

import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.InitStep;
import org.botkeeper.vault.OidcBindings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code botkeeper oidc disable OWNER/REPO}: deletes the binding's JWT role, its policy, then its OIDC mark. */
@Command(name = "disable", sortOptions = false,
		description = { "Stops a repository's workflows from reading its token with their OIDC token.",
				"Deletes the binding's JWT role, then its policy; Vault tokens already issued live out their",
				"5 minutes. The token record stays. Then the mark of 'oidc enable --remove-secret', if any: the",
				"broker's next sync pushes the token to the environment secret again.", "", "Examples:", "  botkeeper oidc disable acme/app --plan",
				"  botkeeper oidc disable acme/app" })
final class OidcDisableCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private TableOptions table;

	@Parameters(index = "0", paramLabel = "OWNER/REPO")
	private String repository;

	@Option(names = "--plan", description = "Show what would change; write nothing.")
	private boolean plan;

	@Override
	public void run() {
		RepositoryName repo = RepositoryName.parse(repository);
		VaultOptions.Session session = context.open();
		List<InitStep> steps = new OidcBindings(session.connection(), session.layout()).disable(repo, !plan);
		if (table.json()) {
			Output.json(context.out(), StepsView.json(plan, steps));
		}
		else {
			StepsView.table(context.out(), table, plan, steps);
		}
		boolean changes = steps.stream().anyMatch(InitStep::changes);
		context.err().println(!changes ? "Nothing changed: " + repo + " has no OIDC role."
				: plan ? "Plan only; nothing was written. Run without --plan to apply."
						: "Workflows of " + repo + " can no longer log in with their OIDC token.");
	}

}
