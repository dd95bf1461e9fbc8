package org.botkeeper.cli;

import java.net.URI;
import java.util.Map;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.GitHubApi;
import org.botkeeper.sync.TokenKind;
import org.botkeeper.vault.ChangeMarkers;
import org.botkeeper.vault.Policy;
import org.botkeeper.vault.WriterCredential;
import org.botkeeper.vault.WriterStore;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper writer set}: a GitHub App (key PEM from stdin) or an admin PAT (from stdin). */
@Command(name = "set", sortOptions = false,
		description = { "Stores the writer credential: a GitHub App or an admin PAT.",
				"For a GitHub App give its ids and pipe the private key PEM",
				"into stdin; for a personal access token give --pat and the token on stdin or the no-echo prompt.",
				"The key or token is never printed again; only the broker policy can read it.", "", "Examples:",
				"  botkeeper writer set --app-id 123456 --installation-id 7890123 < app.private-key.pem",
				"  botkeeper writer set --pat", "",
				"With --owner, the credential writes that owner's repositories only, instead of the default one",
				"(several organisations in one deployment: an App installation writes in one organisation):",
				"  botkeeper writer set --owner jupyterlab --app-id 123456 --installation-id 4567890 < app.pem", "",
				"With --api-url too, that owner lives on another GitHub host (GitHub Enterprise Server beside",
				"github.com): its tokens are written there, paced apart from the deployment's host:",
				"  botkeeper writer set --owner research --api-url https://ghe.example.org/api/v3 --pat" })
final class WriterSetCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@ArgGroup(exclusive = true, multiplicity = "1")
	private Kind kind;

	@Mixin
	private StdinDash stdin;

	@Option(names = "--owner", paramLabel = "OWNER",
			description = "Store the writer of this owner's (organisation's) repositories, not the default one.")
	private String owner;

	@Option(names = "--api-url", paramLabel = "URL",
			description = "With --owner: the GitHub API of that owner's host (https://HOST/api/v3 for GitHub "
					+ "Enterprise Server), when it is not the deployment's GITHUB_API_URL.")
	private String apiUrl;

	static final class Kind {

		@ArgGroup(exclusive = false)
		App app;

		@Option(names = "--pat", required = true, description = "An admin personal access token, read from stdin.")
		boolean pat;

	}

	static final class App {

		@Option(names = "--app-id", required = true, paramLabel = "ID", description = "The GitHub App's id.")
		long appId;

		@Option(names = "--installation-id", required = true, paramLabel = "ID",
				description = "The App's installation id on the organisation.")
		long installationId;

	}

	@Override
	public void run() {
		Map<String, String> env = context.env();
		context.layout();
		String checkedOwner = owner == null ? null : WriterShowCommand.owner(owner);
		URI host = host(checkedOwner);
		Terminal terminal = context.terminal();
		try (WriterCredential credential = kind.pat ? pat(terminal) : app(terminal)) {
			VaultOptions.Session session = context.open();
			WriterStore store = checkedOwner == null
					? new WriterStore(session.connection(), session.layout(), Policy.ADMIN.policyName())
					: WriterStore.forOwner(session.connection(), session.layout(), Policy.ADMIN.policyName(), checkedOwner);
			long version = store.set(credential, host);
			session.markChanged("The writer credential", ChangeMarkers::writerChanged, context.err());
			context.out().println("Stored the writer credential" + (checkedOwner == null ? "" : " of " + checkedOwner)
					+ " (" + describe(credential) + (host == null ? "" : ", on " + host) + ") as version " + version + ".");
		}
	}

	/** The checked {@code --api-url}, or null; refused before stdin is read, so nothing typed is lost. */
	private URI host(String checkedOwner) {
		if (apiUrl == null) {
			return null;
		}
		if (checkedOwner == null) {
			throw UserFacingException.badInput("--api-url needs --owner: the default writer writes to the deployment's "
					+ "GITHUB_API_URL. Give the owner whose repositories live on that host (--owner OWNER --api-url URL).");
		}
		try {
			return GitHubApi.of(apiUrl.strip(), "--api-url").base();
		}
		catch (IllegalArgumentException ex) {
			throw UserFacingException.badInput(ex.getMessage() + " Nothing was stored.");
		}
	}

	private WriterCredential pat(Terminal terminal) {
		SecretValue token = SecretValue.of(terminal.readSecret("Admin personal access token"));
		if (TokenKind.of(token.chars()).isEmpty()) {
			token.close();
			throw UserFacingException.badInput("That does not look like a GitHub token (known prefixes: "
					+ TokenKind.knownPrefixes() + "). Nothing was stored.");
		}
		return new WriterCredential.Pat(token);
	}

	private WriterCredential app(Terminal terminal) {
		if (kind.app.appId <= 0 || kind.app.installationId <= 0) {
			throw UserFacingException.badInput("--app-id and --installation-id must be positive numbers.");
		}
		SecretValue key = SecretValue.of(terminal.readAll());
		String text = key.reveal();
		boolean pem = text.contains("-----BEGIN") && text.contains("PRIVATE KEY-----")
				&& text.contains("-----END");
		if (!pem) {
			key.close();
			throw UserFacingException.badInput("Expected the GitHub App's private key as PEM on stdin (-----BEGIN RSA "
					+ "PRIVATE KEY----- ...). Nothing was stored.");
		}
		return new WriterCredential.App(kind.app.appId, kind.app.installationId, key);
	}

	private static String describe(WriterCredential credential) {
		return switch (credential) {
			case WriterCredential.App app -> "GitHub App " + app.appId() + ", installation " + app.installationId();
			case WriterCredential.Pat pat -> "personal access token";
		};
	}

}
