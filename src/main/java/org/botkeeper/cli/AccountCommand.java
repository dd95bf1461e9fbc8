package org.botkeeper.cli;

import picocli.CommandLine.Command;

/** {@code botkeeper account}: the bot account's login, password and recovery codes. */
@Command(name = "account", mixinStandardHelpOptions = true,
		subcommands = { AccountSetCommand.class, AccountShowCommand.class, AccountPasswordCommand.class,
				AccountRecoveryCommand.class },
		description = { "The bot account's login, password and 2FA recovery codes, kept in Vault.", "", "Examples:",
				"  botkeeper account set --login jupyterhub-bot", "  botkeeper account password | wl-copy" })
final class AccountCommand {
}
