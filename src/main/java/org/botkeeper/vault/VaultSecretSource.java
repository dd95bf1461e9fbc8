package org.botkeeper.vault;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DesiredSecret;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.sync.SecretSource;
import org.botkeeper.sync.TokenHealth;

/**
 * The token records in Vault as the sync engine's source: the desired state comes from metadata
 * alone (cheap: no values read), and a value is read only for the exact version being pushed.
 */
public final class VaultSecretSource implements SecretSource {

	private final TokenStore tokens;

	private final KvRecords kv;

	private final TokenHealthStore health;

	private final String mount;

	public VaultSecretSource(VaultConnection connection, VaultLayout layout, TokenDefaults defaults) {
		this.tokens = new TokenStore(connection, layout, defaults, "botkeeper-broker");
		this.kv = new KvRecords(connection, layout, "botkeeper-broker");
		this.health = new TokenHealthStore(connection, layout, "botkeeper-broker");
		this.mount = layout.kvMount();
	}

	@Override
	public List<DesiredSecret> desired(Set<RepositoryName> only) {
		try {
			if (only.isEmpty()) {
				TokenStore.Listing listing = tokens.records();
				if (listing.hidden() > 0) {
					// Planning without them would look like bindings removed from Vault: never act on that.
					throw new RunAbortedException(listing.hidden() + " token record(s) in Vault mount '" + mount
							+ "' cannot be read with this token. Check that it has policy 'botkeeper-broker'.");
				}
				return listing.records().stream().map(this::desired).toList();
			}
			return only.stream()
				.sorted(java.util.Comparator.comparing(RepositoryName::toString))
				.map(repository -> tokens.record(repository)
					.orElseThrow(() -> UserFacingException.badInput("No token record for " + repository
							+ " in Vault. Store one with 'botkeeper token put " + repository + "'.")))
				.map(this::desired)
				.toList();
		}
		catch (UserFacingException ex) {
			if (ex.exitCode() == org.botkeeper.failure.ExitCodes.BAD_INPUT) {
				throw ex;
			}
			// Without the full desired state nothing may be written: stop the run.
			throw new RunAbortedException(ex.getMessage(), ex);
		}
	}

	/**
	 * The desired state of one record, with what the last {@code token check} of this very version
	 * learned from GitHub: a revoked token is blocked, and GitHub's own expiry wins over the date an
	 * admin typed.
	 */
	private DesiredSecret desired(TokenRecord record) {
		// An expiry date is taken as the start of that day in UTC: blocking a day early beats pushing a
		// token that stops working during the day.
		Optional<Instant> typed = Optional.ofNullable(record.expiresAt())
			.map(date -> date.atStartOfDay(ZoneOffset.UTC).toInstant());
		Optional<TokenHealth> checked = health.readIfAllowed(record.binding().repository())
			.filter(h -> h.describes(record.version(), record.updatedTime()));
		Optional<Instant> expiresAt = checked.flatMap(TokenHealth::expiresAt).or(() -> typed);
		boolean revoked = checked.map(h -> h.verdict() == TokenHealth.Verdict.REVOKED).orElse(false);
		if (record.app() != null) {
			// The value is an App key; what GitHub receives is minted per push and lives one hour.
			return new DesiredSecret(record.binding(), record.version(), true, Optional.empty(), false,
					Optional.of(record.app().refresh()));
		}
		return new DesiredSecret(record.binding(), record.version(), true, expiresAt, revoked, Optional.empty());
	}

	@Override
	public SecretValue read(Binding binding, long version) {
		String path = VaultLayout.tokenPath(binding.repository());
		try {
			Object value = kv.data(path, version)
				.map(data -> data.get(TokenStore.VALUE))
				.orElseThrow(() -> new ItemFailedException("Cannot push " + binding + ": version " + version + " of '"
						+ path + "' has no token (deleted or destroyed in Vault)."));
			return SecretValue.of(value.toString());
		}
		catch (UserFacingException ex) {
			throw SyncFailures.classify(ex);
		}
	}

}
