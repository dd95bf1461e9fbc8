package org.botkeeper.cli;

import java.util.stream.Collectors;

import org.botkeeper.vault.RecoveryCodeMigration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper account recovery migrate}: moves codes out of the account record (break-glass). */
@Command(name = "migrate", sortOptions = false,
		description = { "Moves 2FA recovery codes an earlier botkeeper kept in the account record (where every admin",
				"can read them) to 'account-recovery' (break-glass only), writes the account without them and",
				"destroys the account versions that held them (the passwords of those old versions go with them).",
				"Codes are imported only if 'account-recovery' was never written; otherwise they are only removed.",
				"Break-glass only; safe to run again.", "", "Examples:",
				"  VAULT_TOKEN=$BREAKGLASS_TOKEN botkeeper account recovery migrate",
				"  botkeeper account recovery migrate && botkeeper account recovery count" })
final class AccountRecoveryMigrateCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Override
	public void run() {
		VaultOptions.Session session = context.open();
		RecoveryCodeMigration.Result result = new RecoveryCodeMigration(session.connection(), session.layout()).migrate();
		var out = context.out();
		if (result.nothingToDo()) {
			out.println("No recovery codes in the account record: nothing to move.");
			return;
		}
		if (result.moved() > 0) {
			out.println("Moved " + result.moved() + " recovery codes from version " + result.movedFrom()
					+ " of 'account' to 'account-recovery' (version " + result.recoveryVersion() + ").");
			context.err().println("Admins could write the account record, so these codes are only as "
					+ "good as its last writer. If you can log in as the bot, compare them with the ones GitHub shows "
					+ "(Settings, Password and authentication, Recovery codes), or store GitHub's: botkeeper account "
					+ "recovery set --replace");
		}
		else {
			out.println("Did not import the codes in the account record: 'account-recovery' was written before, by "
					+ "break-glass, and stays as it is.");
		}
		if (result.accountVersion() > 0) {
			out.println("Wrote 'account' version " + result.accountVersion() + " without them.");
		}
		out.println("Destroyed the versions of 'account' that held codes: "
				+ result.destroyed().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ".");
	}

}
