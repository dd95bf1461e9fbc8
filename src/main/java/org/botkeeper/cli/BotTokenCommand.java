package org.botkeeper.cli;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.TokenKind;
import org.botkeeper.vault.BotTokenStore;
import org.botkeeper.vault.KvMetadata;
import org.botkeeper.vault.Policy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper bot-token set|show}: the bot account's own token, used to act as the bot. */
@Command(name = "bot-token", mixinStandardHelpOptions = true,
		description = { "The bot account's own token, to act as the bot.",
				"Used to accept repository invitations. The broker reads it; admins set it from stdin or a no-echo",
				"prompt; it is never shown.", "", "Examples:",
				"  botkeeper bot-token set < bot-token.txt", "  botkeeper bot-token show --format json" })
final class BotTokenCommand {

	@Command(name = "set",
			description = { "Stores the bot's own token (value from stdin or a no-echo prompt).", "", "Examples:",
					"  botkeeper bot-token set", "  botkeeper bot-token set < bot-token.txt" })
	void set(@Mixin VaultContext context, @Mixin StdinDash stdin) {
		context.layout();
		try (SecretValue token = SecretValue.of(context.terminal().readSecret("The bot's token"))) {
			if (TokenKind.of(token.chars()).isEmpty()) {
				throw UserFacingException.badInput("That does not look like a GitHub token (known prefixes: "
						+ TokenKind.knownPrefixes() + "). Nothing was stored.");
			}
			VaultOptions.Session session = context.open();
			long version = new BotTokenStore(session.connection(), session.layout(), Policy.ADMIN.policyName()).set(token);
			context.out().println("Stored the bot's token as version " + version + ".");
		}
	}

	@Command(name = "show",
			description = { "Shows the version and time of the bot's token, never the value.", "", "Examples:",
					"  botkeeper bot-token show", "  botkeeper bot-token show --format json" })
	void show(@Mixin VaultContext context, @Mixin FormatOption format) {
		VaultOptions.Session session = context.open();
		KvMetadata metadata = new BotTokenStore(session.connection(), session.layout(), Policy.ADMIN.policyName()).metadata()
			.orElseThrow(() -> new org.botkeeper.vault.MissingRecordException(
					"No bot token in Vault yet. Store it with: botkeeper bot-token set"));
		new RecordView().field("version", "version", metadata.currentVersion())
			.field("updated", "updated_time", Output.time(metadata.updatedTime()))
			.print(context.out(), format);
	}

}
