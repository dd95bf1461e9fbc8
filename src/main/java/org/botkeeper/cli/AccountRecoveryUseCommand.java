package org.botkeeper.cli;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.vault.RecoveryCodeStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper account recovery use}: marks one recovery code used and prints it to a pipe. */
@Command(name = "use", sortOptions = false,
		description = { "Takes one unused 2FA recovery code, marks it used in Vault, and prints it to a pipe",
				"(break-glass only). The mark is a new version written with check-and-set, so two people taking",
				"a code at the same time never get the same one; the code is printed only after Vault took the mark.",
				"On a terminal it refuses before marking anything: a recovery code on a screen is a way into the",
				"account shared again. The used code stays in the record's data with the time and the Vault identity.",
				"", "Examples:", "  botkeeper account recovery use | wl-copy",
				"  botkeeper account recovery use | xclip -selection clipboard" })
final class AccountRecoveryUseCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Override
	public void run() {
		if (context.terminal().interactive()) {
			throw UserFacingException.badInput("Not printing a recovery code on a terminal, and no code was marked "
					+ "used. Pipe it: botkeeper account recovery use | wl-copy");
		}
		VaultOptions.Session session = context.open();
		RecoveryCodeStore.TakenCode taken = new RecoveryCodeStore(session.connection(), session.layout()).use();
		try (var code = taken.code()) {
			var out = context.out();
			out.println(code.chars());
			out.flush();
		}
		context.err().println("Marked one recovery code used (version " + taken.version() + "); "
				+ taken.left() + " left." + (taken.left() <= 3 ? " Generate a new set on GitHub soon and store it: "
						+ "botkeeper account recovery set --replace" : ""));
	}

}
