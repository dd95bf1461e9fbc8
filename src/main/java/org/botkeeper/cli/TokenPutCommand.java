package org.botkeeper.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.botkeeper.sync.TokenKind;
import org.botkeeper.vault.TokenRecord;
import org.botkeeper.vault.TokenStore;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code botkeeper token put OWNER/REPO}: stores a new token version with check-and-set. */
@Command(name = "put", mixinStandardHelpOptions = true,
		footerHeading = "%n", footer = ExitCodes.HELP_SECTION, sortOptions = false,
		description = { "Stores a repository's token as a new version.",
				"The value comes from a no-echo prompt or the",
				"first line of stdin, never from the command line, and must look like a GitHub token (ghp_,",
				"github_pat_, gho_, ghu_, ghs_, ghr_). Check-and-set: if someone else writes the record meanwhile,",
				"nothing is written. Environment, secret name and note of an existing record are kept unless given;",
				"defaults for new records: $BOTKEEPER_ENVIRONMENT, else jupyterhub-bot; $BOTKEEPER_SECRET_NAME, else",
				"JUPYTERHUB_BOT_PAT.", "", "Examples:",
				"  botkeeper token put jupyterhub/binderhub --expires 2026-12-31 --note 'rotated by minrk'",
				"  pass show bots/binderhub | botkeeper token put jupyterhub/binderhub --environment deploy" })
final class TokenPutCommand implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Mixin
	private VaultOptions vault;

	@Mixin
	private FormatOption format;

	@Parameters(index = "0", paramLabel = "OWNER/REPO", description = "The repository the token is for.")
	private String repository;

	@Option(names = "--environment", paramLabel = "NAME", description = "GitHub Actions environment of the secret.")
	private String environment;

	@Option(names = "--secret-name", paramLabel = "NAME", description = "Name of the environment secret.")
	private String secretName;

	@Option(names = "--expires", paramLabel = "YYYY-MM-DD", description = "When the token expires.")
	private String expires;

	@Option(names = "--note", paramLabel = "TEXT", description = "A note for other admins (no secrets).")
	private String note;

	@Option(names = "--cas", paramLabel = "VERSION",
			description = "Write only if the current version is VERSION (0: only if none exists).")
	private Long cas;

	@Override
	public void run() {
		Map<String, String> env = BotkeeperCommand.env(spec);
		RepositoryName repo = RepositoryName.parse(repository);
		TokenStore.TokenChange change = new TokenStore.TokenChange(
				environment == null ? null : new EnvironmentName(environment),
				secretName == null ? null : new SecretName(secretName), expiry(), note());
		vault.layout(env);
		try (SecretValue token = SecretValue.of(BotkeeperCommand.terminal(spec).readSecret("Token for " + repo))) {
			TokenKind kind = TokenKind.of(token.chars())
				.orElseThrow(() -> UserFacingException.badInput((token.isEmpty() ? "No token given on stdin."
						: "That does not look like a GitHub token.") + " Known prefixes: " + TokenKind.knownPrefixes()
						+ ". Nothing was stored."));
			VaultOptions.Session session = vault.open(env);
			TokenRecord record = new TokenStore(session.connection(), session.layout(), session.defaults(),
					"botkeeper-admin").put(repo, token, change, cas);
			if (format.json()) {
				Map<String, Object> json = TokenJson.json(record);
				json.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
				Output.json(spec.commandLine().getOut(), json);
			}
			else {
				spec.commandLine().getOut().println("Stored " + kind.description() + " for " + record.binding()
						+ " as version " + record.version() + ".");
			}
		}
	}

	private LocalDate expiry() {
		if (expires == null) {
			return null;
		}
		try {
			LocalDate date = LocalDate.parse(expires);
			if (date.isBefore(LocalDate.now())) {
				throw UserFacingException.badInput("--expires " + expires + " is in the past. Nothing was stored.");
			}
			return date;
		}
		catch (DateTimeParseException ex) {
			throw UserFacingException.badInput("Invalid --expires '" + expires + "': use YYYY-MM-DD, e.g. 2026-12-31.");
		}
	}

	private String note() {
		if (note == null) {
			return null;
		}
		if (note.length() > 500 || note.codePoints().anyMatch(Character::isISOControl)) {
			throw UserFacingException.badInput("Invalid --note: at most 500 characters, no control characters.");
		}
		return note;
	}

}
