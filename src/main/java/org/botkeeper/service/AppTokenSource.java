package org.botkeeper.service;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.github.GitHubException;
import org.botkeeper.github.InstallationTokenMinter;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DesiredSecret;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretSource;
import org.botkeeper.vault.AppSource;
import org.botkeeper.vault.TokenRecord;
import org.botkeeper.vault.TokenStore;

/**
 * The token source with GitHub App mode: for a binding whose record holds an App key
 * ({@link AppSource}), what is pushed is a fresh installation token minted for that one repository;
 * every other binding's stored token passes through unchanged.
 */
public final class AppTokenSource implements SecretSource {

	private final SecretSource stored;

	private final TokenStore records;

	private final InstallationTokenMinter minter;

	public AppTokenSource(SecretSource stored, TokenStore records, InstallationTokenMinter minter) {
		this.stored = stored;
		this.records = records;
		this.minter = minter;
	}

	@Override
	public List<DesiredSecret> desired(Set<RepositoryName> only) {
		return stored.desired(only);
	}

	@Override
	public SecretValue read(Binding binding, long version) {
		Optional<AppSource> app;
		try {
			app = records.record(binding.repository()).map(TokenRecord::app);
		}
		catch (UserFacingException ex) {
			throw new ItemFailedException("Cannot push " + binding + ": " + ex.getMessage(), ex);
		}
		if (app.isEmpty()) {
			return stored.read(binding, version);
		}
		AppSource source = app.get();
		try (SecretValue key = stored.read(binding, version)) {
			InstallationTokenMinter.Minted minted = minter.mint(source.appId(), key, source.installationId(),
					binding.repository(), source.permissions());
			return minted.token();
		}
		catch (IllegalArgumentException ex) {
			throw new ItemFailedException("Cannot push " + binding + ": " + ex.getMessage()
					+ " Store the App's key again with 'botkeeper token put " + binding.repository() + " --app-id "
					+ source.appId() + " --installation-id " + source.installationId() + "'.", ex);
		}
		catch (GitHubException ex) {
			throw new ItemFailedException("Cannot push " + binding + ": " + ex.getMessage()
					+ (ex.status() == 401 ? " Check the App id and that the key in Vault is the App's current key." : ""),
					ex);
		}
	}

}
