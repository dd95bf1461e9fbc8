package org.botkeeper.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.TokenKind;
import org.botkeeper.vault.BotTokenStore;
import org.botkeeper.vault.KvMetadata;
import org.botkeeper.vault.Policy;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Mixin;

/** {@code botkeeper bot-token set|show}: the bot account's own token, used to act as the bot. */
@Command(name = "bot-token", mixinStandardHelpOptions = true,
		footerHeading = "%n", footer = ExitCodes.HELP_SECTION,
		description = { "The bot account's own token, to act as the bot.",
				"Used to accept repository invitations. The broker reads it; admins set it from stdin or a no-echo",
				"prompt; it is never shown.", "", "Examples:",
				"  botkeeper bot-token set < bot-token.txt", "  botkeeper bot-token show --format json" })
final class BotTokenCommand implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(spec.commandLine(), "Missing command.");
	}

	@Command(name = "set", mixinStandardHelpOptions = true,
			footerHeading = "%n", footer = ExitCodes.HELP_SECTION,
			description = { "Stores the bot's own token (value from stdin or a no-echo prompt).", "", "Examples:",
					"  botkeeper bot-token set", "  botkeeper bot-token set < bot-token.txt" })
	void set(@Mixin VaultOptions vault, @Parameters(index = "0", arity = "0..1", paramLabel = StdinDash.LABEL,
			converter = StdinDash.class, description = StdinDash.DESCRIPTION) String stdin) {
		Map<String, String> env = BotkeeperCommand.env(spec);
		vault.layout(env);
		try (SecretValue token = SecretValue.of(BotkeeperCommand.terminal(spec).readSecret("The bot's token"))) {
			if (TokenKind.of(token.chars()).isEmpty()) {
				throw UserFacingException.badInput("That does not look like a GitHub token (known prefixes: "
						+ TokenKind.knownPrefixes() + "). Nothing was stored.");
			}
			VaultOptions.Session session = vault.open(env);
			long version = new BotTokenStore(session.connection(), session.layout(), Policy.ADMIN.policyName()).set(token);
			spec.commandLine().getOut().println("Stored the bot's token as version " + version + ".");
		}
	}

	@Command(name = "show", mixinStandardHelpOptions = true,
			footerHeading = "%n", footer = ExitCodes.HELP_SECTION,
			description = { "Shows the version and time of the bot's token, never the value.", "", "Examples:",
					"  botkeeper bot-token show", "  botkeeper bot-token show --format json" })
	void show(@Mixin VaultOptions vault, @Mixin FormatOption format) {
		VaultOptions.Session session = vault.open(BotkeeperCommand.env(spec));
		KvMetadata metadata = new BotTokenStore(session.connection(), session.layout(), Policy.ADMIN.policyName()).metadata()
			.orElseThrow(() -> new org.botkeeper.vault.MissingRecordException(
					"No bot token in Vault yet. Store it with: botkeeper bot-token set"));
		String updated = Output.time(metadata.updatedTime());
		if (format.json()) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("version", metadata.currentVersion());
			json.put("updated_time", updated);
			Output.json(spec.commandLine().getOut(), json);
			return;
		}
		Output.fields(spec.commandLine().getOut(), "version", Long.toString(metadata.currentVersion()), "updated",
				updated);
	}

}
