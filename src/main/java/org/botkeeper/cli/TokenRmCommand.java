package org.botkeeper.cli;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.Policy;
import org.botkeeper.vault.TokenStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code botkeeper token rm OWNER/REPO [--yes]}: deletes a record and all its versions. */
@Command(name = "rm", sortOptions = false,
		description = { "Deletes a repository's token record with every version.",
				"Asks first on a terminal; without",
				"a terminal it needs --yes. The GitHub secret stays until 'botkeeper sync --prune'.", "", "Examples:",
				"  botkeeper token rm jupyterhub/old-repo", "  botkeeper token rm jupyterhub/old-repo --yes" })
final class TokenRmCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Parameters(index = "0", paramLabel = "OWNER/REPO")
	private String repository;

	@Option(names = "--yes", description = "Do not ask.")
	private boolean yes;

	@Override
	public void run() {
		RepositoryName repo = RepositoryName.parse(repository);
		Terminal terminal = context.terminal();
		context.layout();
		if (!yes && !terminal.interactive()) {
			throw UserFacingException.badInput("Not deleting the token for " + repo
					+ " without confirmation: rerun with --yes.");
		}
		VaultOptions.Session session = context.open();
		TokenStore store = new TokenStore(session.connection(), session.layout(), session.defaults(), Policy.ADMIN.policyName());
		if (!yes && !terminal.confirm("Delete the token for " + repo + " and all its versions?")) {
			context.err().println("Nothing deleted.");
			return;
		}
		if (!store.delete(repo)) {
			throw new org.botkeeper.vault.MissingRecordException("No token for " + repo + " in Vault mount '"
					+ session.layout().kvMount() + "'; nothing deleted.");
		}
		session.markChanged("The deletion of " + repo + "'s token", markers -> markers.tokenChanged(repo), context.err());
		context.out().println("Deleted the token for " + repo + " (all versions).");
	}

}
