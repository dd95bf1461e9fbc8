package org.botkeeper.cli;

import picocli.CommandLine.Command;

/** {@code botkeeper account recovery}: the bot's 2FA recovery codes, kept apart for break-glass. */
@Command(name = "recovery", mixinStandardHelpOptions = true,
		subcommands = { AccountRecoverySetCommand.class, AccountRecoveryUseCommand.class,
				AccountRecoveryCountCommand.class, AccountRecoveryMigrateCommand.class },
		description = { "The bot's 2FA recovery codes: a second way into the account, so kept apart from the password",
				"at 'account-recovery' and readable by break-glass only. Admins see how many are left.", "",
				"Examples:", "  botkeeper account recovery set < github-recovery-codes.txt",
				"  botkeeper account recovery use | wl-copy", "  botkeeper account recovery count" })
final class AccountRecoveryCommand {
}
