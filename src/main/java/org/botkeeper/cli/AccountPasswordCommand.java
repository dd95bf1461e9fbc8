package org.botkeeper.cli;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.vault.AccountStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper account password}: prints the password to a pipe, or to a terminal with --show. */
@Command(name = "password", sortOptions = false,
		description = { "Prints the bot's password, to a pipe.",
				"When stdout is a terminal it refuses unless --show is given: a password on a",
				"shared screen, a recorded session or a terminal scroll-back is a password shared again. Piped into",
				"a clipboard tool or another program it prints without asking.", "", "Examples:",
				"  botkeeper account password | wl-copy", "  botkeeper account password --show" })
final class AccountPasswordCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Option(names = "--show", description = "Print the password even on a terminal.")
	private boolean show;

	/** The command as {@code botkeeper account password} runs it, with no option given (ShortCommands). */
	static AccountPasswordCommand withDefaults(VaultContext context) {
		AccountPasswordCommand command = new AccountPasswordCommand();
		command.context = context;
		return command;
	}

	@Override
	public void run() {
		// stdout decides, whatever stdin is: 'echo | botkeeper account password' on a screen is still a screen.
		if (context.terminal().stdoutIsTerminal() && !show) {
			throw UserFacingException.badInput("Not printing the bot's password on a terminal. Pipe it (botkeeper "
					+ "account password | wl-copy) or rerun with --show if nobody can see your screen.");
		}
		VaultOptions.Session session = context.open();
		try (SecretValue password = new AccountStore(session.connection(), session.layout()).password()
			.orElseThrow(() -> new org.botkeeper.vault.MissingRecordException("No bot account in Vault mount '"
					+ session.layout().kvMount() + "' yet. Store it with: botkeeper account set --login NAME"))) {
			var out = context.out();
			out.println(password.chars());
			out.flush();
		}
	}

}
