package org.botkeeper.cli;

import picocli.CommandLine.Command;

/** {@code botkeeper org-secret}: organisation Actions secrets shared by a chosen list of repositories. */
@Command(name = "org-secret", mixinStandardHelpOptions = true,
		subcommands = { OrgSecretPutCommand.class, OrgSecretListCommand.class, OrgSecretRmCommand.class },
		description = { "Organisation Actions secrets shared by a chosen list of repositories.",
				"One token per record, synced by 'botkeeper sync' into an organisation secret with visibility",
				"'selected': every workflow of the selected repositories can read it, on any branch. Admins only;",
				"maintainer policies grant nothing here (one token spans repositories).", "",
				"Examples:", "  botkeeper org-secret put jupyterhub --secret-name BOT_PAT --repositories binderhub,repo2docker",
				"  botkeeper org-secret list" })
final class OrgSecretCommand {
}
