package org.botkeeper.cli;


import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper totp code}: the bot's current 2FA code. */
@Command(name = "code", sortOptions = false,
		description = { "Prints the bot account's current 2FA code. Same as 'botkeeper totp'.", "", "Examples:",
				"  botkeeper totp code", "  botkeeper totp code --fresh --format json" })
final class TotpCodeCommand implements Runnable {

	@Mixin
	private CommandContext context;

	@Mixin
	private TotpCodeOptions code;

	@Override
	public void run() {
		code.print(context);
	}

}
