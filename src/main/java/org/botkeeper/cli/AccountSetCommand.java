package org.botkeeper.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.vault.AccountStore;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper account set}: stores the bot's login and password (never from argv). */
@Command(name = "set", mixinStandardHelpOptions = true,
		footerHeading = "%n", footer = ExitCodes.HELP_SECTION, sortOptions = false,
		description = { "Stores the bot account's login and password.",
				"A new version in Vault; the old one stays in the KV history.",
				"The password comes from a no-echo prompt, or from stdin: first line the login",
				"(unless --login), next line the password, then with --recovery-codes one code per line.", "",
				"Examples:", "  botkeeper account set --login jupyterhub-bot",
				"  printf '%s\\n%s\\n' jupyterhub-bot \"$NEW_PASSWORD\" | botkeeper account set" })
final class AccountSetCommand implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Mixin
	private VaultOptions vault;

	@Option(names = "--login", paramLabel = "NAME", description = "The bot's GitHub login (else read first).")
	private String login;

	@Option(names = "--recovery-codes", description = "Also read 2FA recovery codes, one per line, until an empty line.")
	private boolean recoveryCodes;

	@Override
	public void run() {
		Map<String, String> env = BotkeeperCommand.env(spec);
		vault.layout(env);
		Terminal terminal = BotkeeperCommand.terminal(spec);
		String name = login != null ? login : new String(terminal.readSecret("Bot login")).strip();
		if (!name.matches("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")) {
			throw UserFacingException.badInput("Invalid GitHub login: use 1 to 39 letters, digits or single hyphens.");
		}
		List<SecretValue> codes = new ArrayList<>();
		try (SecretValue password = SecretValue.of(terminal.readSecret("Password for " + name))) {
			if (password.isEmpty()) {
				throw UserFacingException.badInput("No password given (empty line or end of stdin). Nothing was stored.");
			}
			if (recoveryCodes) {
				for (char[] code = terminal.readSecret("Recovery code (empty line to finish)"); code.length > 0;
						code = terminal.readSecret("Recovery code (empty line to finish)")) {
					codes.add(SecretValue.of(code));
				}
			}
			VaultOptions.Session session = vault.open(env);
			long version = new AccountStore(session.connection(), session.layout()).set(name, password, codes);
			spec.commandLine().getOut().println("Stored account " + name + " as version " + version
					+ (codes.isEmpty() ? "" : " with " + codes.size() + " recovery codes") + ".");
		}
		finally {
			codes.forEach(SecretValue::close);
		}
	}

}
