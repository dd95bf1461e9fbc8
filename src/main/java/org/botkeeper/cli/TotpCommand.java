package org.botkeeper.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper totp}: the bot's current 2FA code (same as {@code totp code}); {@code totp import}. */
@Command(name = "totp", sortOptions = false,
		subcommands = { TotpCodeCommand.class, TotpImportCommand.class },
		description = { "Prints the bot account's current 2FA code.",
				"The code comes from Vault's TOTP engine; the seed never leaves Vault. The seconds the code stays",
				"valid go to stderr, or into the JSON.", "", "Examples:",
				"  botkeeper totp --fresh", "  botkeeper totp --format json" })
final class TotpCommand implements Runnable {

	@Mixin
	private CommandContext context;

	@Mixin
	private TotpCodeOptions code;

	@Override
	public void run() {
		code.print(context);
	}

}
