package org.botkeeper.cli;

import picocli.CommandLine.Command;

/** {@code botkeeper oidc}: bindings whose workflows log in to Vault with their OIDC token. */
@Command(name = "oidc", mixinStandardHelpOptions = true,
		subcommands = { OidcEnableCommand.class, OidcDisableCommand.class, OidcListCommand.class,
				OidcBrokerCommand.class },
		description = { "Bindings whose workflows read their token from Vault with GitHub's OIDC token.",
				"Nothing is stored in GitHub: a job of the repository, in the environment the role requires, logs",
				"in to Vault's JWT auth method (set up by 'vault init --github-oidc') and reads that binding's token.",
				"'oidc broker' lets a scheduled workflow run 'sync' the same way, as the broker.",
				"Needs a root token or policy botkeeper-operator.", "", "Examples:",
				"  botkeeper oidc enable acme/app --environment production --repository-id 123 --owner-id 45 --plan",
				"  botkeeper oidc list", "  botkeeper oidc disable acme/app" })
final class OidcCommand {
}
