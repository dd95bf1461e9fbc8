package org.botkeeper.broker;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.github.GitHubException;
import org.botkeeper.github.InstallationTokenMinter;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DesiredSecret;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.Reason;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretSource;
import org.botkeeper.vault.AppCeilingStore;
import org.botkeeper.vault.AppSource;
import org.botkeeper.vault.StoredToken;
import org.botkeeper.vault.TokenRecord;
import org.botkeeper.vault.TokenStore;
import org.botkeeper.vault.SyncFailures;
import org.botkeeper.vault.VaultException;

/**
 * The token source with GitHub App mode: for a binding whose record holds an App key
 * ({@link AppSource}), what is pushed is a fresh installation token minted for that one repository;
 * every other binding's stored token passes through unchanged.
 */
public final class AppTokenSource implements SecretSource {

	private final SecretSource stored;

	private final TokenStore records;

	private final AppCeilingStore ceiling;

	/** The minter of a repository's installation tokens: on the GitHub host its owner lives on. */
	private final Function<RepositoryName, InstallationTokenMinter> minters;

	public AppTokenSource(SecretSource stored, TokenStore records, AppCeilingStore ceiling,
			Function<RepositoryName, InstallationTokenMinter> minters) {
		this.stored = stored;
		this.records = records;
		this.ceiling = ceiling;
		this.minters = minters;
	}

	@Override
	public List<DesiredSecret> desired(Set<RepositoryName> only) {
		return stored.desired(only);
	}

	@Override
	public Optional<DesiredSecret> current(RepositoryName repository) {
		return stored.current(repository);
	}

	@Override
	public SecretValue read(Binding binding, long version) {
		Optional<StoredToken> found;
		Map<String, String> permissions = Map.of();
		try {
			// The App settings of exactly this version, read with the key: never from custom_metadata.
			found = records.read(binding.repository(), version);
			if (found.isEmpty() || found.get().record().app() == null) {
				found.ifPresent(StoredToken::close);
				return stored.read(binding, version);
			}
			AppSource app = found.get().record().app();
			if (!found.get().record().binding().equals(binding)) {
				found.get().close();
				throw new ItemFailedException("Cannot push " + binding + ": version " + version
						+ " of its token record is bound to " + found.get().record().binding() + ".");
			}
			Optional<Map<String, String>> permitted = ceiling.read().flatMap(c -> c.permit(app.permissions()));
			if (permitted.isEmpty()) {
				found.get().close();
				Reason why = ceiling.read().isEmpty() ? Reason.APP_CEILING_MISSING : Reason.APP_ABOVE_CEILING;
				throw new ItemFailedException("Cannot push " + binding + ": " + why.sentence());
			}
			permissions = permitted.get();
		}
		catch (VaultException ex) {
			if (SyncFailures.runWide(ex)) {
				throw new RunAbortedException(ex.getMessage(), ex);
			}
			throw new ItemFailedException("Cannot push " + binding + ": " + ex.getMessage(), ex);
		}
		try (StoredToken key = found.get()) {
			AppSource app = key.record().app();
			try {
				return minters.apply(binding.repository()).mint(app.appId(), key.value(), app.installationId(), binding.repository(), permissions)
					.token();
			}
			catch (IllegalArgumentException ex) {
				throw new ItemFailedException("Cannot push " + binding + ": " + ex.getMessage()
						+ " Store the App's key again with 'botkeeper token put " + binding.repository() + " --app-id "
						+ app.appId() + " --installation-id " + app.installationId() + "'.", ex);
			}
			catch (GitHubException ex) {
				throw new ItemFailedException("Cannot push " + binding + ": " + ex.getMessage()
						+ (ex.status() == 401 ? " Check the App id and that the key in Vault is the App's current key."
								: ""),
						ex);
			}
		}
	}

}
