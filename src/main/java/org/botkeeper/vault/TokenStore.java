package org.botkeeper.vault;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;

/**
 * The per-repository token records at {@code tokens/OWNER/REPO} in the KV mount: the value under
 * {@code token}, the binding and bookkeeping in custom_metadata. Writes use check-and-set, so two
 * admins never overwrite each other silently.
 */
public final class TokenStore {

	static final String VALUE = "token";

	private final KvRecords kv;

	private final VaultConnection connection;

	private final TokenDefaults defaults;

	/** @param policy the policy named in a "permission denied" message, e.g. botkeeper-admin */
	public TokenStore(VaultConnection connection, VaultLayout layout, TokenDefaults defaults, String policy) {
		this.connection = connection;
		this.kv = new KvRecords(connection, layout, policy);
		this.defaults = defaults;
	}

	/**
	 * Every repository with a token record, sorted. Owners this token may not list (a maintainer's
	 * policy covers a few owners only) are left out.
	 */
	public List<RepositoryName> list() {
		List<RepositoryName> repositories = new ArrayList<>();
		for (String owner : kv.list("tokens")) {
			if (!owner.endsWith("/")) {
				continue;
			}
			String name = owner.substring(0, owner.length() - 1);
			for (String repo : denied(() -> kv.list("tokens/" + name), List.<String>of())) {
				if (!repo.endsWith("/")) {
					repositories.add(new RepositoryName(name, repo));
				}
			}
		}
		repositories.sort(Comparator.comparing(RepositoryName::toString));
		return repositories;
	}

	/**
	 * The records of every repository (one metadata read each), without values; records this token
	 * may not read are counted in {@link Listing#hidden()} instead.
	 */
	public Listing records() {
		List<TokenRecord> records = new ArrayList<>();
		int hidden = 0;
		for (RepositoryName repository : list()) {
			try {
				record(repository).ifPresent(records::add);
			}
			catch (UserFacingException ex) {
				if (VaultCalls.status(ex) != 403) {
					throw ex;
				}
				hidden++;
			}
		}
		return new Listing(List.copyOf(records), hidden);
	}

	/** What {@link #records()} found: the readable records, and how many others the policy hides. */
	public record Listing(List<TokenRecord> records, int hidden) {

	}

	private static <T> T denied(java.util.function.Supplier<T> call, T whenDenied) {
		try {
			return call.get();
		}
		catch (UserFacingException ex) {
			if (VaultCalls.status(ex) == 403) {
				return whenDenied;
			}
			throw ex;
		}
	}

	/** The record of one repository without its value, or empty when there is none. */
	public Optional<TokenRecord> record(RepositoryName repository) {
		return kv.metadata(VaultLayout.tokenPath(repository))
			.map(metadata -> TokenRecord.from(repository, metadata, defaults));
	}

	/**
	 * The latest token and the record that describes exactly that version (metadata first, then that
	 * version's data, so a concurrent write cannot pair one version's value with another's metadata).
	 * Empty when there is no record or its latest version was deleted.
	 */
	public Optional<StoredToken> read(RepositoryName repository) {
		Optional<TokenRecord> record = record(repository);
		if (record.isEmpty()) {
			return Optional.empty();
		}
		return kv.data(VaultLayout.tokenPath(repository), record.get().version())
			.map(data -> data.get(VALUE))
			.map(value -> new StoredToken(record.get(), SecretValue.of(value.toString())));
	}

	/**
	 * Stores a new version of a repository's token. Environment and secret name keep the existing
	 * record's unless given, else take the defaults; the note is kept unless given; the expiry belongs
	 * to the value and is replaced.
	 *
	 * @param expectedVersion the version the caller saw (0: must not exist), or null to use the version
	 * read just before writing
	 * @return the record of the new version
	 * @throws CheckAndSetException when someone else wrote in between; nothing was written
	 */
	public TokenRecord put(RepositoryName repository, SecretValue token, TokenChange change, Long expectedVersion) {
		Optional<TokenRecord> current = record(repository);
		long expected = expectedVersion != null ? expectedVersion : current.map(TokenRecord::version).orElse(0L);
		EnvironmentName environment = change.environment() != null ? change.environment()
				: current.map(r -> r.binding().environment()).orElse(defaults.environment());
		SecretName secretName = change.secretName() != null ? change.secretName()
				: current.map(r -> r.binding().secretName()).orElse(defaults.secretName());
		String note = change.note() != null ? change.note() : current.map(TokenRecord::note).orElse(null);
		String path = VaultLayout.tokenPath(repository);
		long version = kv.put(path, Map.of(VALUE, BodySecret.of(token)), expected);
		TokenRecord record = new TokenRecord(new Binding(repository, environment, secretName), version,
				change.expiresAt(), note, connection.displayName(), null, null, change.app());
		try {
			kv.writeCustomMetadata(path, record.customMetadata());
		}
		catch (UserFacingException ex) {
			throw new UserFacingException(ex.exitCode(), "The token for " + repository + " was stored as version "
					+ version + ", but its metadata was not: " + ex.getMessage()
					+ "\n  Run the same 'botkeeper token put' again once that is fixed.", ex);
		}
		return record(repository).orElse(record);
	}

	/** Deletes every version and the metadata; false when there was no record. */
	public boolean delete(RepositoryName repository) {
		if (record(repository).isEmpty()) {
			return false;
		}
		kv.destroy(VaultLayout.tokenPath(repository));
		return true;
	}

	/**
	 * What a {@code put} changes besides the value; null fields keep the current record's.
	 *
	 * @param expiresAt the new value's expiry, or null when unknown
	 * @param app set when the new value is a GitHub App key (App mode); like the expiry, it belongs to
	 *        the value and is replaced by every put
	 */
	public record TokenChange(EnvironmentName environment, SecretName secretName, LocalDate expiresAt, String note,
			AppSource app) {

		public TokenChange(EnvironmentName environment, SecretName secretName, LocalDate expiresAt, String note) {
			this(environment, secretName, expiresAt, note, null);
		}

	}

}
