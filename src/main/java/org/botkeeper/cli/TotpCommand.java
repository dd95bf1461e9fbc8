package org.botkeeper.cli;

import org.botkeeper.failure.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

/** {@code botkeeper totp}: the bot's current 2FA code (same as {@code totp code}); {@code totp import}. */
@Command(name = "totp", mixinStandardHelpOptions = true,
		footerHeading = "%n", footer = ExitCodes.HELP_SECTION, sortOptions = false,
		subcommands = { TotpCodeCommand.class, TotpImportCommand.class },
		description = { "Prints the bot account's current 2FA code.",
				"The code comes from Vault's TOTP engine; the seed never leaves Vault. The seconds the code stays",
				"valid go to stderr, or into the JSON.", "", "Examples:",
				"  botkeeper totp --fresh", "  botkeeper totp --format json" })
final class TotpCommand implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Mixin
	private TotpCodeOptions code;

	@Override
	public void run() {
		code.print(spec);
	}

}
