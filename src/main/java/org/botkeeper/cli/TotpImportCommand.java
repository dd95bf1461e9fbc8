package org.botkeeper.cli;

import org.botkeeper.vault.TotpKey;
import org.botkeeper.vault.TotpStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper totp import [--replace]}: the bot's 2FA seed into Vault, once. */
@Command(name = "import", sortOptions = false,
		description = { "Imports the bot's 2FA key into Vault, once.",
				"Imports into Vault's TOTP engine with generate=false. Reads one line from",
				"stdin (or a no-echo prompt): an otpauth://totp/... URI (GitHub shows it as a QR code; 'setup key'",
				"is the bare base32 seed). Checks scheme, base32, digits 6 or 8, SHA1/SHA256/SHA512 and period.",
				"Vault never returns the seed again. Refuses to replace an existing key without --replace.",
				"Writing the key needs the botkeeper-breakglass policy.", "", "Examples:",
				"  botkeeper totp import < otpauth-uri.txt", "  botkeeper totp import --replace" })
final class TotpImportCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Option(names = "--replace", description = "Replace an existing key (after the bot's 2FA was reset).")
	private boolean replace;

	@Mixin
	private StdinDash stdin;

	@Override
	public void run() {
		context.layout();
		char[] input = context.terminal().readSecret("otpauth URI or base32 seed");
		TotpKey key;
		try {
			key = TotpKey.parse(input);
		}
		finally {
			java.util.Arrays.fill(input, '\0');
		}
		try (var seed = key.seed()) {
			VaultOptions.Session session = context.open();
			boolean replaced = new TotpStore(session.connection(), session.layout(), session.clock()).importKey(key,
					replace);
			context.out().println((replaced ? "Replaced" : "Imported") + " TOTP key 'account' in "
					+ session.layout().totpMount() + "/ (" + key.algorithm() + ", " + key.digits() + " digits, "
					+ key.period() + " s). Vault will not return the seed again; check with: botkeeper totp");
		}
	}

}
