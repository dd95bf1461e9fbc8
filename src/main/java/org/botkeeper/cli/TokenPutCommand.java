package org.botkeeper.cli;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.AppPrivateKey;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DestinationKind;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.botkeeper.sync.TokenKind;
import org.botkeeper.vault.AppSource;
import org.botkeeper.vault.Policy;
import org.botkeeper.vault.TokenRecord;
import org.botkeeper.vault.TokenStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code botkeeper token put OWNER/REPO}: stores a new token version with check-and-set. */
@Command(name = "put", sortOptions = false,
		description = { "Stores a repository's token as a new version.",
				"The value comes from a no-echo prompt or the",
				"first line of stdin, never from the command line, and must look like a GitHub token (ghp_,",
				"github_pat_, gho_, ghu_, ghs_, ghr_). Check-and-set: if someone else writes the record meanwhile,",
				"nothing is written. Destination, environment, secret name, note and expiry of an existing record are",
				"kept unless given (--no-expiry drops the expiry); defaults for new records: an environment secret,",
				"$BOTKEEPER_ENVIRONMENT, else jupyterhub-bot; $BOTKEEPER_SECRET_NAME, else JUPYTERHUB_BOT_PAT. A",
				"trailing '-' also means stdin.", "",
				"GitHub App mode: with --app-id and --installation-id, stdin is the App's private key (PEM) and the",
				"broker pushes an installation token minted for this one repository with --app-permissions, again",
				"every --app-refresh (default 30m; they live 1h).", "", "Examples:",
				"  botkeeper token put jupyterhub/binderhub --expires 2026-12-31 --note 'rotated by minrk'",
				"  pass show bots/binderhub | botkeeper token put jupyterhub/binderhub --environment deploy",
				"  botkeeper token put jupyterhub/binderhub --destination dependabot" })
final class TokenPutCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private FormatOption format;

	@Parameters(index = "0", paramLabel = "OWNER/REPO", description = "The repository the token is for.")
	private String repository;

	@Parameters(index = "1", arity = "0..1", paramLabel = StdinDash.LABEL, converter = StdinDash.Only.class,
			description = StdinDash.DESCRIPTION)
	private String stdin;

	@Option(names = "--destination", paramLabel = "environment|repository|dependabot",
			description = "Kind of secret: environment (default; limited to protected branches), repository (an "
					+ "Actions repository secret: every workflow reads it) or dependabot (for workflows Dependabot "
					+ "triggers). Default: keep the record's.")
	private String destination;

	@Option(names = "--environment", paramLabel = "NAME",
			description = "GitHub Actions environment of the secret (--destination environment only).")
	private String environment;

	@Option(names = "--secret-name", paramLabel = "NAME", description = "Name of the secret.")
	private String secretName;

	@Option(names = "--expires", paramLabel = "YYYY-MM-DD",
			description = "When the token expires (default: keep the record's expiry).")
	private String expires;

	@Option(names = "--no-expiry", description = "The token does not expire (drop the record's expiry).")
	private boolean noExpiry;

	@Option(names = "--note", paramLabel = "TEXT", description = "A note for other admins (no secrets).")
	private String note;

	@Option(names = "--cas", paramLabel = "VERSION",
			description = "Write only if the current version is VERSION (0: only if none exists).")
	private Long cas;

	@Option(names = "--app-id", paramLabel = "ID", description = "App mode: the GitHub App that mints this binding's tokens.")
	private Long appId;

	@Option(names = "--installation-id", paramLabel = "ID", description = "App mode: the App's installation on the owner.")
	private Long installationId;

	@Option(names = "--app-permissions", paramLabel = "NAME=LEVEL[,...]",
			description = "App mode: permissions of the minted token, e.g. contents=read,pull_requests=write "
					+ "(default: the installation's).")
	private String appPermissions;

	@Option(names = "--app-refresh", paramLabel = "DURATION", description = "App mode: mint again this often (default 30m).")
	private String appRefresh;

	@Override
	public void run() {
		if (cas != null && cas < 0) {
			throw UserFacingException.badInput("Invalid --cas " + cas + ": use the version you expect (0: the record "
					+ "must not exist yet). Nothing was stored.");
		}
		if (appId != null || installationId != null) {
			putAppKey();
			return;
		}
		if (expires != null && noExpiry) {
			throw UserFacingException.badInput("Give --expires or --no-expiry, not both. Nothing was stored.");
		}
		Map<String, String> env = context.env();
		RepositoryName repo = RepositoryName.parse(repository);
		boolean keepExpiry = expires == null && !noExpiry;
		TokenStore.TokenChange change = new TokenStore.TokenChange(environmentName(),
				secretName == null ? null : new SecretName(secretName), expiry(), note(), null, keepExpiry, null,
				destinationKind());
		context.layout();
		try (SecretValue token = SecretValue.of(context.terminal().readSecret("Token for " + repo))) {
			TokenKind kind = kind(token);
			VaultOptions.Session session = context.open();
			TokenRecord record = new TokenStore(session.connection(), session.layout(), session.defaults(),
					Policy.ADMIN.policyName()).put(repo, token, change, cas, lastPushed(session, repo));
			session.markChanged("The token for " + repo, markers -> markers.tokenChanged(repo), context.err());
			boolean kept = keepExpiry && record.expiresAt() != null;
			if (format.json()) {
				Map<String, Object> json = TokenJson.json(record);
				json.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
				json.put("expiry_kept", kept);
				Output.json(context.out(), json);
			}
			else {
				context.out().println("Stored " + kind.description() + " for " + record.binding()
						+ " as version " + record.version() + (kept ? ", expiring " + record.expiresAt()
								+ " as the record said (--expires or --no-expiry to change it)" : "") + ".");
			}
		}
	}

	/** The kind asked for, checked before anything is read from stdin. */
	private DestinationKind destinationKind() {
		DestinationKind kind = destination == null ? null : DestinationKind.of(destination);
		if (kind != null && kind != DestinationKind.ENVIRONMENT && environment != null) {
			throw UserFacingException.badInput("A " + kind.description() + " has no environment: give --environment "
					+ "only with --destination environment. Nothing was stored.");
		}
		return kind;
	}

	private EnvironmentName environmentName() {
		return environment == null ? null : new EnvironmentName(environment);
	}

	private void putAppKey() {
		if (appId == null || installationId == null) {
			throw UserFacingException.badInput("App mode needs both --app-id and --installation-id. Nothing was stored.");
		}
		if (expires != null || noExpiry) {
			throw UserFacingException.badInput("--expires and --no-expiry do not apply in App mode: minted tokens expire after one "
					+ "hour and are replaced. Nothing was stored.");
		}
		Map<String, String> env = context.env();
		RepositoryName repo = RepositoryName.parse(repository);
		AppSource app = new AppSource(appId, installationId, AppSource.permissions(appPermissions), refresh());
		TokenStore.TokenChange change = new TokenStore.TokenChange(environmentName(),
				secretName == null ? null : new SecretName(secretName), null, note(), app, false, null, destinationKind());
		context.layout();
		try (SecretValue key = SecretValue.of(context.terminal().readAll())) {
			if (key.chars().length > 16 * 1024) {
				throw UserFacingException.badInput("That is not a GitHub App private key: more than 16 KiB on stdin. Pipe "
						+ "the App's .pem file. Nothing was stored.");
			}
			try {
				AppPrivateKey.parse(key);
			}
			catch (IllegalArgumentException ex) {
				throw UserFacingException.badInput(ex.getMessage() + " Pipe the App's .pem file on stdin. Nothing was stored.");
			}
			VaultOptions.Session session = context.open();
			TokenRecord record = new TokenStore(session.connection(), session.layout(), session.defaults(),
					Policy.ADMIN.policyName()).put(repo, key, change, cas, lastPushed(session, repo));
			session.markChanged("The App key for " + repo, markers -> markers.tokenChanged(repo), context.err());
			if (format.json()) {
				Map<String, Object> json = TokenJson.json(record);
				json.put("kind", "github_app");
				json.put("app_id", appId);
				json.put("installation_id", installationId);
				Output.json(context.out(), json);
			}
			else {
				context.out().println("Stored the key of GitHub App " + appId + " (installation "
						+ installationId + ") for " + record.binding() + " as version " + record.version()
						+ ": the broker mints a token for this repository every " + app.refresh().toMinutes() + " min.");
			}
		}
	}

	/** The kind of a token read from stdin or the prompt; refused (exit 2) when it is not a GitHub token. */
	static TokenKind kind(SecretValue token) {
		return TokenKind.of(token.chars())
			.orElseThrow(() -> UserFacingException.badInput((token.isEmpty() ? "No token given on stdin."
					: "That does not look like a GitHub token.") + " Known prefixes: " + TokenKind.knownPrefixes()
					+ ". Nothing was stored."));
	}

	/** Where the broker last pushed (or started to push) this repository's token, from its ledger. */
	static Optional<Binding> lastPushed(VaultOptions.Session session, RepositoryName repo) {
		return session.ledger(repo)
			.filter(entry -> entry.pushedVersion() > 0 || entry.pendingVersion().isPresent())
			.map(entry -> entry.binding());
	}

	private Duration refresh() {
		if (appRefresh == null) {
			return AppSource.DEFAULT_REFRESH;
		}
		try {
			return Duration.parse(appRefresh.startsWith("P") ? appRefresh : "PT" + appRefresh.toUpperCase(java.util.Locale.ROOT));
		}
		catch (DateTimeParseException ex) {
			throw UserFacingException.badInput("Invalid --app-refresh '" + appRefresh + "': use e.g. 30m or 45m.");
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
			if (date.isAfter(LocalDate.now().plusYears(10))) {
				throw UserFacingException.badInput("--expires " + expires + " is more than 10 years ahead: GitHub tokens "
						+ "expire within a year or never (then leave --expires out). Nothing was stored.");
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
		// Vault keeps a custom_metadata value to 512 bytes.
		if (note.length() > 500 || note.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 512
				|| note.codePoints().anyMatch(c -> Character.isISOControl(c) || !Character.isDefined(c))) {
			throw UserFacingException.badInput("Invalid --note: at most 500 characters (512 bytes), printable characters "
					+ "only. Nothing was stored.");
		}
		return note;
	}

}
