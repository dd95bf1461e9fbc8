package org.botkeeper.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.ChangeMarkers;
import org.botkeeper.vault.GitHubActionsLogin;
import org.botkeeper.vault.Policy;
import org.botkeeper.vault.TokenDefaults;
import org.botkeeper.vault.VaultException;
import org.botkeeper.vault.VaultLedger;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultLayout;
import org.botkeeper.vault.VaultSettings;

import picocli.CommandLine.Option;

/**
 * The mount options every Vault command has, and how a command opens its connection: settings from
 * the environment (VAULT_ADDR, VAULT_TOKEN or ~/.vault-token, or in a GitHub Actions job a JWT login as
 * BOTKEEPER_VAULT_JWT_ROLE ({@link GitHubActionsLogin}), VAULT_CACERT, ...), mounts from options,
 * else BOTKEEPER_KV_MOUNT / BOTKEEPER_TOTP_MOUNT, else the defaults; or those of one bot account
 * ({@code --account}, BOTKEEPER_ACCOUNT).
 */
final class VaultOptions {

	@Option(names = "--kv-mount", paramLabel = "PATH",
			description = "KV v2 mount (default: $BOTKEEPER_KV_MOUNT, else botkeeper).")
	String kvMount;

	@Option(names = "--totp-mount", paramLabel = "PATH",
			description = "TOTP mount (default: $BOTKEEPER_TOTP_MOUNT, else botkeeper-totp).")
	String totpMount;

	@Option(names = "--account", paramLabel = "NAME",
			description = "The bot whose records these are, its GitHub login: mounts botkeeper-NAME and "
					+ "botkeeper-totp-NAME (default: $BOTKEEPER_ACCOUNT, else the mounts above).")
	String account;

	VaultLayout layout(Map<String, String> env) {
		return VaultLayout.resolve(kvMount, totpMount, account, env);
	}

	/** Validates the settings and the layout first, so bad input exits 2 before any request. */
	Session open(Map<String, String> env) {
		VaultLayout layout = layout(env);
		VaultConnection connection = GitHubActionsLogin.chosen(env) ? GitHubActionsLogin.open(env)
				: VaultConnection.open(VaultSettings.fromEnvironment(env));
		return new Session(connection, layout, TokenDefaults.fromEnvironment(env), Clock.systemUTC());
	}

	/** An open connection with the layout and defaults it was opened with. */
	record Session(VaultConnection connection, VaultLayout layout, TokenDefaults defaults, Clock clock) {

		/**
		 * The broker's ledger record of {@code repository}, where this token may read it (admins, auditors,
		 * the repository's maintainers): the fact of where the broker last pushed; empty otherwise.
		 */
		java.util.Optional<LedgerEntry> ledger(RepositoryName repository) {
			try {
				return new VaultLedger(connection, layout).entry(repository);
			}
			catch (ItemFailedException ex) {
				if (ex.getCause() instanceof org.botkeeper.vault.VaultPermissionException) {
					return java.util.Optional.empty(); // not this policy's to read
				}
				throw ex.getCause() instanceof org.botkeeper.vault.VaultException cause ? cause : ex;
			}
			catch (RunAbortedException ex) {
				// Vault itself failed (sealed, unreachable): say so as any other command would.
				throw ex.getCause() instanceof org.botkeeper.vault.VaultException cause ? cause : ex;
			}
		}

		/**
		 * Tells serve that {@code what} (already stored) changed, so that it pushes within seconds rather
		 * than at its next full cycle. A marker that cannot be written (a policy written before markers
		 * existed, Vault gone in between, a storm of writers) does not fail the command: the change is
		 * stored, and serve's full cycle finds every stored change by itself; the warning says so.
		 */
		void markChanged(String what, java.util.function.ToLongFunction<ChangeMarkers> change, PrintWriter err) {
			try {
				change.applyAsLong(new ChangeMarkers(connection, layout, Policy.ADMIN.policyName()));
			}
			catch (VaultException ex) {
				err.println("Warning: " + what + " is stored, but serve was not told at once ("
						+ ex.getMessage().lines().findFirst().orElse("").replaceFirst("\\.$", "") + "); it pushes the change with its next full "
						+ "cycle. A policy written before change markers lacks 'changes': rerun 'botkeeper vault init' "
						+ "(admin) or regenerate the maintainer policy with 'botkeeper vault policy maintainer ... --write'.");
			}
		}

	}

}
