package org.botkeeper.cli;

import picocli.CommandLine.Command;

/** {@code botkeeper writer ceiling}: the most a GitHub App binding's minted token may carry. */
@Command(name = "ceiling", mixinStandardHelpOptions = true,
		subcommands = { WriterCeilingSetCommand.class, WriterCeilingShowCommand.class },
		description = { "The permission ceiling of GitHub App bindings.",
				"An App binding's minted installation token never carries more than this; a binding asking for more",
				"is BLOCKED. Only admins and break-glass may set it; with none set, no App binding is pushed.", "",
				"Examples:", "  botkeeper writer ceiling set --app-permissions contents=write,pull_requests=write",
				"  botkeeper writer ceiling show" })
final class WriterCeilingCommand {
}
