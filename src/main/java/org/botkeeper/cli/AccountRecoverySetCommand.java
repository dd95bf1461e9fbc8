package org.botkeeper.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.vault.RecoveryCodeStore;
import org.botkeeper.vault.RecoveryCodes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper account recovery set}: stores a fresh set of recovery codes (break-glass). */
@Command(name = "set", sortOptions = false,
		description = { "Stores the bot's 2FA recovery codes, as GitHub just generated them (break-glass only).",
				"One code per line from stdin (github-recovery-codes.txt as downloaded), up to an empty line or the",
				"end; on a terminal, a no-echo prompt per code. Each must look like a GitHub recovery code (five",
				"letters or digits, '-', five more); any bad line, a duplicate or none at all stores nothing.",
				"Refuses to replace codes still unused unless --replace (GitHub invalidates the old set when it",
				"generates a new one).", "", "Examples:",
				"  botkeeper account recovery set < github-recovery-codes.txt && shred -u github-recovery-codes.txt",
				"  botkeeper account recovery set --replace < github-recovery-codes.txt" })
final class AccountRecoverySetCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Option(names = "--replace", description = "Replace a set that still has unused codes.")
	private boolean replace;

	@Mixin
	private StdinDash stdin;

	@Override
	public void run() {
		Map<String, String> env = context.env();
		context.layout();
		Terminal terminal = context.terminal();
		List<SecretValue> read = new ArrayList<>();
		try {
			for (int line = 1; line <= RecoveryCodes.MAX + 1; line++) {
				char[] input = terminal.readSecret("Recovery code " + line + " (empty line to finish)");
				if (input.length == 0) {
					break;
				}
				read.add(RecoveryCodes.parse(input, line));
			}
			try (RecoveryCodes codes = RecoveryCodes.fresh(read)) {
				read.clear(); // the set owns them now
				VaultOptions.Session session = context.open();
				long version = new RecoveryCodeStore(session.connection(), session.layout()).set(codes, replace);
				context.out().println("Stored " + codes.unused() + " recovery codes in '"
						+ session.layout().kvMount() + "/account-recovery' as version " + version
						+ ". Only break-glass reads them; admins see the count (botkeeper account recovery count).");
			}
		}
		finally {
			read.forEach(SecretValue::close);
		}
	}

}
