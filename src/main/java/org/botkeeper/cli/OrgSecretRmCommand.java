package org.botkeeper.cli;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.OrgSecretTarget;
import org.botkeeper.sync.SecretName;
import org.botkeeper.vault.OrgSecretStore;
import org.botkeeper.vault.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code botkeeper org-secret rm ORG --secret-name NAME [--yes]}: deletes a record and all its versions. */
@Command(name = "rm", sortOptions = false,
		description = { "Deletes an organisation secret's record with every version.",
				"Asks first on a terminal; without a terminal it needs --yes. The GitHub secret stays until",
				"'botkeeper sync --prune'.", "", "Examples:", "  botkeeper org-secret rm jupyterhub --secret-name BOT_PAT",
				"  botkeeper org-secret rm jupyterhub --secret-name BOT_PAT --yes" })
final class OrgSecretRmCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Parameters(index = "0", paramLabel = "ORG")
	private String organisation;

	@Option(names = "--secret-name", required = true, paramLabel = "NAME", description = "Name of the organisation secret.")
	private String name;

	@Option(names = "--yes", description = "Do not ask.")
	private boolean yes;

	@Override
	public void run() {
		OrgSecretTarget target = new OrgSecretTarget(organisation, new SecretName(name));
		Terminal terminal = context.terminal();
		context.layout();
		if (!yes && !terminal.interactive()) {
			throw UserFacingException.badInput("Not deleting " + target + " without confirmation: rerun with --yes.");
		}
		VaultOptions.Session session = context.open();
		OrgSecretStore store = new OrgSecretStore(session.connection(), session.layout(), Policy.ADMIN.policyName());
		if (!yes && !terminal.confirm("Delete " + target + " and all its versions?")) {
			context.err().println("Nothing deleted.");
			return;
		}
		if (!store.remove(target)) {
			throw new org.botkeeper.vault.MissingRecordException("No organisation secret " + target + " in Vault mount '"
					+ session.layout().kvMount() + "'; nothing deleted.");
		}
		context.out().println("Deleted " + target + " (all versions). Its GitHub secret stays until 'botkeeper sync --prune'.");
	}

}
