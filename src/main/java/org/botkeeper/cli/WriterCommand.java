package org.botkeeper.cli;

import picocli.CommandLine.Command;

/** {@code botkeeper writer}: the credential botkeeper writes GitHub secrets with. */
@Command(name = "writer", mixinStandardHelpOptions = true,
		subcommands = { WriterSetCommand.class, WriterShowCommand.class, WriterCeilingCommand.class },
		description = { "The credential botkeeper writes GitHub secrets with.",
				"A GitHub App (preferred) or an admin personal access token; the bound bot tokens must not have",
				"these rights.", "", "Examples:",
				"  botkeeper writer set --app-id 123456 --installation-id 7890123 < app.private-key.pem",
				"  botkeeper writer show" })
final class WriterCommand {
}
