package org.botkeeper.cli;

import picocli.CommandLine.Command;

/** {@code botkeeper token}: the per-repository tokens in Vault. */
@Command(name = "token", mixinStandardHelpOptions = true,
		subcommands = { TokenPutCommand.class, TokenRotateCommand.class, TokenListCommand.class, TokenShowCommand.class, TokenRmCommand.class,
				TokenCheckCommand.class, TokenReviewCommand.class },
		description = { "The per-repository tokens in Vault.",
				"One record per binding: repository, environment, secret name.", "",
				"Examples:", "  botkeeper token put jupyterhub/binderhub --expires 2026-12-31", "  botkeeper token list" })
final class TokenCommand {
}
