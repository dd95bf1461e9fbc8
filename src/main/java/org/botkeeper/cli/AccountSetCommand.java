package org.botkeeper.cli;

import java.util.Map;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.vault.AccountStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper account set}: stores the bot's login and password (never from argv). */
@Command(name = "set", sortOptions = false,
		description = { "Stores the bot account's login and password.",
				"A new version in Vault; the old one stays in the KV history.",
				"The password comes from a no-echo prompt, or from stdin: first line the login",
				"(unless --login), next line the password. 2FA recovery codes are kept apart, by break-glass",
				"(botkeeper account recovery set); codes an earlier botkeeper kept in this record are carried over.", "",
				"Examples:", "  botkeeper account set --login jupyterhub-bot",
				"  printf '%s\\n%s\\n' jupyterhub-bot \"$NEW_PASSWORD\" | botkeeper account set" })
final class AccountSetCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Option(names = "--login", paramLabel = "NAME", description = "The bot's GitHub login (else read first).")
	private String login;

	/** Earlier versions read codes here, into a record every admin can read; now it only says where they went. */
	@Option(names = "--recovery-codes", hidden = true)
	private boolean recoveryCodes;

	@Mixin
	private StdinDash stdin;

	@Override
	public void run() {
		if (recoveryCodes) {
			throw UserFacingException.badInput("2FA recovery codes are no longer stored with the password, where "
					+ "every admin could read them. A break-glass holder stores them: botkeeper account recovery set. "
					+ "Nothing was stored.");
		}
		Map<String, String> env = context.env();
		context.layout();
		Terminal terminal = context.terminal();
		String name = login != null ? login : new String(terminal.readSecret("Bot login")).strip();
		if (!name.matches("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")) {
			throw UserFacingException.badInput("Invalid GitHub login: use 1 to 39 letters, digits or single hyphens.");
		}
		try (SecretValue password = SecretValue.of(terminal.readSecret("Password for " + name))) {
			if (password.isEmpty()) {
				throw UserFacingException.badInput("No password given (empty line or end of stdin). Nothing was stored.");
			}
			VaultOptions.Session session = context.open();
			AccountStore.Stored stored = new AccountStore(session.connection(), session.layout()).set(name, password);
			context.out().println("Stored account " + name + " as version " + stored.version() + ".");
			if (stored.keptOldLayoutCodes() > 0) {
				context.err().println("Kept the " + stored.keptOldLayoutCodes() + " 2FA recovery codes an "
						+ "earlier botkeeper stored in this record, where every admin can read them. A break-glass "
						+ "holder should move them: botkeeper account recovery migrate");
			}
		}
	}

}
