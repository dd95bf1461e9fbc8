package org.botkeeper.cli;

import org.botkeeper.failure.ExitCodes;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper totp code}: the bot's current 2FA code. */
@Command(name = "code", mixinStandardHelpOptions = true,
		footerHeading = "%n", footer = ExitCodes.HELP_SECTION, sortOptions = false,
		description = { "Prints the bot account's current 2FA code. Same as 'botkeeper totp'.", "", "Examples:",
				"  botkeeper totp code", "  botkeeper totp code --fresh --format json" })
final class TotpCodeCommand implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Mixin
	private TotpCodeOptions code;

	@Override
	public void run() {
		code.print(spec);
	}

}
