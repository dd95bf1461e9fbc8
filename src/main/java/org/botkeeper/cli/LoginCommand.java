package org.botkeeper.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.vault.GitHubAuthSetup;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper login}: an admin logs in to Vault with their own GitHub identity. */
@Command(name = "login", sortOptions = false,
		description = { "Logs in to Vault with your own GitHub token.", "",
				"For HashiCorp Vault set up with 'botkeeper vault init --github-org ORG --admin-team TEAM': members of",
				"that team get policy botkeeper-admin, nobody shares the bot's password. Reads your GitHub token (scope",
				"read:org) from a no-echo prompt or stdin, never from argv, and stores the Vault token in ~/.vault-token,",
				"where the vault CLI and every botkeeper command look for it.", "",
				"Examples:", "  botkeeper login", "  gh auth token | botkeeper login" })
final class LoginCommand implements Runnable {

	@Mixin
	private CommandContext context;

	@Option(names = "--path", paramLabel = "PATH", defaultValue = GitHubAuthSetup.PATH,
			description = "Where the GitHub auth method is mounted (default: github).")
	private String path;

	@Mixin
	private StdinDash stdin;

	@Override
	public void run() {
		Map<String, String> env = context.env();
		VaultSettings settings = VaultSettings.forLogin(env);
		VaultConnection connection;
		SecretValue vaultToken;
		try (SecretValue githubToken = SecretValue.of(context.terminal().readSecret("GitHub token"))) {
			if (githubToken.isEmpty()) {
				throw UserFacingException.badInput("No GitHub token given: type it at the prompt or pipe it on stdin "
						+ "(e.g. gh auth token | botkeeper login).");
			}
			connection = VaultConnection.loginWithGitHub(settings, path, githubToken);
			try {
				vaultToken = connection.token();
			}
			catch (RuntimeException ex) {
				if (noLoginRoute(ex)) {
					// Login endpoints need no token, so a 403 there means nothing answers at that path.
					throw new org.botkeeper.vault.VaultException("Vault at " + settings.address()
							+ " has no GitHub auth method at 'auth/" + path + "/' (it answered 403 to the login). OpenBao "
							+ "has none at all: it dropped the method; log in with OIDC or userpass there (README, 'Which "
							+ "Vault?'). On HashiCorp Vault an operator enables it with 'botkeeper vault init --github-org "
							+ "ORG --admin-team TEAM', or give --path where it is mounted.", 403, ex);
				}
				throw new org.botkeeper.vault.VaultException("Vault at " + settings.address()
						+ " refused the GitHub login: " + reason(ex) + ". Check that you are in the org team mapped to "
						+ "botkeeper-admin and that your token has scope read:org.", org.botkeeper.vault.VaultCalls.status(ex), ex);
			}
		}
		Path file = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".vault-token");
		try (vaultToken) {
			Files.deleteIfExists(file);
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(file, vaultToken.reveal());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException("Logged in, but cannot write " + file + ": "
					+ ex.getMessage(), ex);
		}
		var lookup = connection.template().read("auth/token/lookup-self");
		Object name = lookup == null ? null : lookup.getData().get("display_name");
		Object policies = lookup == null ? null : lookup.getData().get("policies");
		context.out().println("Logged in to Vault as " + name + " with policies "
				+ (policies instanceof List<?> list ? String.join(", ", list.stream().map(Object::toString).toList())
						: String.valueOf(policies))
				+ ". The Vault token is in " + file + ".");
	}

	private static boolean noLoginRoute(RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof org.springframework.web.client.HttpStatusCodeException http) {
				return http.getStatusCode().value() == 403 && http.getResponseBodyAsString().contains("permission denied");
			}
		}
		return false;
	}

	/** Vault's own words for a refused login (they name the rule, e.g. "user is not part of required org"). */
	private static String reason(RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (message != null && (message.contains("not part of") || message.contains("permission denied")
					|| message.contains("no handler"))) {
				return message.replaceAll("\\s+", " ").replaceAll(".*?(user is not part of required org|permission denied|no handler for route).*", "$1");
			}
		}
		return ex.getClass().getSimpleName();
	}

}
