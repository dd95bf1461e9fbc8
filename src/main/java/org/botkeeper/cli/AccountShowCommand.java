package org.botkeeper.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.vault.AccountStore.AccountInfo;
import org.botkeeper.vault.AccountStore;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper account show}: the login and bookkeeping, never the password. */
@Command(name = "show", mixinStandardHelpOptions = true,
		footerHeading = "%n", footer = ExitCodes.HELP_SECTION, sortOptions = false,
		description = { "Shows the bot's login, never the password.",
				"Shows the bot's login, how many recovery codes are stored, and the version and time of",
				"the last change. Never the password (see 'botkeeper account password').", "", "Examples:",
				"  botkeeper account show", "  botkeeper account show --format json" })
final class AccountShowCommand implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Mixin
	private VaultOptions vault;

	@Mixin
	private FormatOption format;

	@Override
	public void run() {
		VaultOptions.Session session = vault.open(BotkeeperCommand.env(spec));
		AccountInfo account = new AccountStore(session.connection(), session.layout()).show()
			.orElseThrow(() -> new UserFacingException(ExitCodes.REMOTE_FAILURE, "No bot account in Vault mount '"
					+ session.layout().kvMount() + "' yet. Store it with: botkeeper account set --login NAME"));
		String updated = account.updatedTime() == null ? null : account.updatedTime().toString();
		if (format.json()) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("login", account.login());
			json.put("recovery_codes", account.recoveryCodes());
			json.put("version", account.version());
			json.put("updated_time", updated);
			Output.json(spec.commandLine().getOut(), json);
			return;
		}
		Output.fields(spec.commandLine().getOut(), "login", account.login(), "recovery codes",
				Integer.toString(account.recoveryCodes()), "version", Long.toString(account.version()), "updated",
				updated);
	}

}
