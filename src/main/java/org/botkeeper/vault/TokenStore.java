package org.botkeeper.vault;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DestinationKind;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;

/**
 * The per-repository token records at {@code tokens/owner/repo} in the KV mount (see
 * {@link TokenRecord} for what a record holds and why the binding is written with the value). Writes
 * use check-and-set, so two admins never overwrite each other silently.
 *
 * <p>GitHub names are case-insensitive, so one repository has one record: new records live at the
 * lower-case path ({@link VaultLayout#tokenPath}), and a record an earlier botkeeper wrote under
 * another spelling is found and kept there rather than shadowed by a second one.
 */
public final class TokenStore {

	static final String VALUE = TokenRecord.VALUE;

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
	 * Every record's repository, sorted, spelled as its Vault path. Owners this token may not list (a
	 * maintainer's policy covers a few owners only) are left out.
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
	 * The display records of every repository (one metadata read each), without values; records this
	 * token may not read are counted in {@link Listing#hidden()} instead.
	 */
	public Listing records() {
		List<TokenRecord> records = new ArrayList<>();
		int hidden = 0;
		for (RepositoryName repository : list()) {
			try {
				kv.metadata(exactPath(repository))
					.map(metadata -> TokenRecord.fromMetadata(repository, metadata, defaults))
					.ifPresent(records::add);
			}
			catch (VaultPermissionException ex) {
				hidden++;
			}
		}
		return new Listing(List.copyOf(records), hidden);
	}

	/** What {@link #records()} found: the readable records, and how many others the policy hides. */
	public record Listing(List<TokenRecord> records, int hidden) {

	}

	private static <T> T denied(Supplier<T> call, T whenDenied) {
		try {
			return call.get();
		}
		catch (VaultPermissionException ex) {
			return whenDenied;
		}
	}

	/**
	 * The display record of one repository (metadata only: what those who cannot read the value see),
	 * or empty when there is none. Never decides where a value goes: {@link #read} does.
	 */
	public Optional<TokenRecord> record(RepositoryName repository) {
		return located(repository)
			.map(found -> TokenRecord.fromMetadata(repository, found.metadata(), defaults));
	}

	/**
	 * The latest token and the record that describes exactly that version, read from the value's own
	 * version. Empty when there is no record or its latest version was deleted.
	 */
	public Optional<StoredToken> read(RepositoryName repository) {
		return located(repository).flatMap(found -> read(repository, found, found.metadata().currentVersion()));
	}

	/** Like {@link #read(RepositoryName)}, for one exact version (what a plan decided to push). */
	public Optional<StoredToken> read(RepositoryName repository, long version) {
		return located(repository).flatMap(found -> read(repository, found, version));
	}

	private Optional<StoredToken> read(RepositoryName repository, Located found, long version) {
		return kv.data(found.path(), version).flatMap(data -> {
			Object value = data.get(VALUE);
			if (value == null) {
				return Optional.empty();
			}
			TokenRecord record = TokenRecord.fromData(repository, found.metadata(), version, data, defaults);
			return Optional.of(new StoredToken(record, SecretValue.of(value.toString())));
		});
	}

	/** {@link #put(RepositoryName, SecretValue, TokenChange, Long, Optional)} where no ledger is known. */
	public TokenRecord put(RepositoryName repository, SecretValue token, TokenChange change, Long expectedVersion) {
		return put(repository, token, change, expectedVersion, Optional.empty());
	}

	/**
	 * Stores a new version of a repository's token, with everything that decides where and how it is
	 * pushed in that same version. Environment and secret name keep the existing record's unless given
	 * (see {@link #keptBinding}), else take the defaults; the note and a token's permissions are kept unless given; App settings
	 * belong to the value and are replaced; the expiry is replaced, or kept when
	 * {@link TokenChange#keepExpiry()}.
	 *
	 * <p>A kept expiry is taken from the display copy in custom_metadata (a writer may not read the value's
	 * own version), which anyone with metadata access can edit. That is safe to carry over because an
	 * expiry never decides where a value goes: a past date only blocks the push (and a kept date in the
	 * past is refused here), a near one only warns, and {@code token check} replaces it with the expiry
	 * GitHub reports. The caller shows the kept date, so the writer sees what was carried.
	 *
	 * @param expectedVersion the version the caller saw (0: must not exist), or null to use the version
	 * read just before writing
	 * @param lastPushed where the broker last pushed this repository's token, if the caller may know
	 * (the ledger): a kept binding that differs from it is refused, see {@link #keptBinding}
	 * @return the record of the new version
	 * @throws CheckAndSetException when someone else wrote in between; nothing was written
	 */
	public TokenRecord put(RepositoryName repository, SecretValue token, TokenChange change, Long expectedVersion,
			Optional<Binding> lastPushed) {
		Optional<Located> found = located(repository);
		Optional<TokenRecord> current = found.map(f -> TokenRecord.fromMetadata(repository, f.metadata(), defaults));
		long expected = expectedVersion != null ? expectedVersion : current.map(TokenRecord::version).orElse(0L);
		Binding binding = keptBinding(repository, change, current, lastPushed, defaults);
		String note = change.note() != null ? change.note() : current.map(TokenRecord::note).orElse(null);
		LocalDate expiresAt = change.keepExpiry() ? keptExpiry(repository, current) : change.expiresAt();
		String path = found.map(Located::path).orElse(VaultLayout.tokenPath(repository));
		// Permissions describe a personal access token; an App key's token is minted with the App's own.
		List<String> permissions = change.app() != null ? List.of()
				: change.patPermissions() != null ? change.patPermissions()
						: current.map(TokenRecord::patPermissions).orElse(List.of());
		TokenRecord record = new TokenRecord(binding, 0, expiresAt, note, connection.displayName(), null, null,
				change.app(), permissions, TokenRecord.Layout.CURRENT, true);
		Map<String, Object> data = new java.util.LinkedHashMap<>(record.dataFields());
		data.put(VALUE, BodySecret.of(token));
		long version;
		try {
			version = kv.put(path, data, expected);
		}
		catch (CheckAndSetException ex) {
			throw new CheckAndSetException(path, expected, expectedVersion != null,
					kv.metadata(path).map(KvMetadata::currentVersion).orElse(0L));
		}
		try {
			kv.writeCustomMetadata(path, record.displayMetadata());
		}
		catch (VaultException ex) {
			// The value and its binding are stored and complete; only what others see in 'token list' lags.
			throw new VaultException("The token for " + binding + " was stored as version "
					+ version + ", but its display fields (note, shown environment and expiry) were not: "
					+ ex.getMessage() + "\n  Run the same 'botkeeper token put' again once that is fixed.", ex.status(), ex);
		}
		return new TokenRecord(binding, version, record.expiresAt(), note, record.writtenBy(), null, null,
				record.app(), record.patPermissions(), TokenRecord.Layout.CURRENT, true);
	}

	/**
	 * Where a new version goes when the writer did not say: the current record's environment and secret
	 * name. Those come from custom_metadata (a writer may not read the value), which anyone with metadata
	 * access can edit; so when the broker's ledger shows it last pushed somewhere else, the writer must
	 * say where, rather than follow an edit they never saw.
	 */
	static Binding keptBinding(RepositoryName repository, TokenChange change, Optional<TokenRecord> current,
			Optional<Binding> lastPushed, TokenDefaults defaults) {
		DestinationKind kind = change.kind() != null ? change.kind()
				: change.environment() != null ? DestinationKind.ENVIRONMENT
						: current.map(r -> r.binding().kind()).orElse(DestinationKind.ENVIRONMENT);
		if (kind != DestinationKind.ENVIRONMENT && change.environment() != null) {
			throw UserFacingException.badInput("A " + kind.description() + " has no environment: give --environment "
					+ "only with --destination environment. Nothing was stored.");
		}
		EnvironmentName environment = kind != DestinationKind.ENVIRONMENT ? null
				: change.environment() != null ? change.environment()
						: current.filter(r -> r.binding().inEnvironment()).map(r -> r.binding().environment())
							.orElse(defaults.environment());
		SecretName secretName = change.secretName() != null ? change.secretName()
				: current.map(r -> r.binding().secretName()).orElse(defaults.secretName());
		Binding kept = new Binding(repository, environment, secretName, kind);
		if (current.isPresent() && lastPushed.isPresent()) {
			Binding pushed = lastPushed.get();
			boolean placeFollowsEdit = change.kind() == null && change.environment() == null
					&& !kept.place().equals(pushed.place());
			boolean nameFollowsEdit = change.secretName() == null && !kept.secretName().equals(pushed.secretName());
			if (placeFollowsEdit || nameFollowsEdit) {
				throw UserFacingException.badInput("The record of " + repository + " shows '" + kept.place() + "/"
						+ kept.secretName() + "', but the broker last pushed it to '" + pushed.place() + "/"
						+ pushed.secretName() + "'. The shown fields can be edited by anyone with metadata access, so "
						+ "say where this token goes: --destination KIND (and --environment NAME) --secret-name NAME. "
						+ "Nothing was stored.");
			}
		}
		return kept;
	}

	/** The current record's expiry for a put that keeps it; a date already past is refused. */
	private static LocalDate keptExpiry(RepositoryName repository, Optional<TokenRecord> current) {
		LocalDate kept = current.filter(record -> record.app() == null).map(TokenRecord::expiresAt).orElse(null);
		if (kept != null && kept.isBefore(LocalDate.now(java.time.ZoneOffset.UTC))) {
			throw UserFacingException.badInput("The record of " + repository + " says its token expired on " + kept
					+ "; a new token has an expiry of its own. Give --expires YYYY-MM-DD or --no-expiry. Nothing was "
					+ "stored.");
		}
		return kept;
	}

	/** Deletes every version and the metadata; false when there was no record. */
	public boolean delete(RepositoryName repository) {
		Optional<Located> found = located(repository);
		if (found.isEmpty()) {
			return false;
		}
		kv.destroy(found.get().path());
		return true;
	}

	/** A record's Vault path (the canonical one, or a case variant an earlier botkeeper wrote) and metadata. */
	private record Located(String path, KvMetadata metadata) {

	}

	private Optional<Located> located(RepositoryName repository) {
		String canonical = VaultLayout.tokenPath(repository);
		Optional<KvMetadata> metadata = kv.metadata(canonical);
		if (metadata.isPresent()) {
			return Optional.of(new Located(canonical, metadata.get()));
		}
		return caseVariant(repository)
			.flatMap(path -> kv.metadata(path).map(found -> new Located(path, found)));
	}

	/** The path of a record an earlier botkeeper stored under another spelling of the same name. */
	private Optional<String> caseVariant(RepositoryName repository) {
		for (String owner : denied(() -> kv.list("tokens"), List.<String>of())) {
			String ownerName = owner.endsWith("/") ? owner.substring(0, owner.length() - 1) : owner;
			if (!owner.endsWith("/") || !ownerName.equalsIgnoreCase(repository.owner())) {
				continue;
			}
			for (String repo : denied(() -> kv.list("tokens/" + ownerName), List.<String>of())) {
				if (repo.equalsIgnoreCase(repository.repo())) {
					return Optional.of("tokens/" + ownerName + "/" + repo);
				}
			}
		}
		return Optional.empty();
	}

	/** The record's path for one of the repositories {@link #list()} returned (spelled as the path). */
	private static String exactPath(RepositoryName listed) {
		return "tokens/" + listed.owner() + "/" + listed.repo();
	}

	/**
	 * What a {@code put} changes besides the value; null environment, secret name and note keep the
	 * current record's.
	 *
	 * @param expiresAt the new value's expiry, or null when unknown (or when {@code keepExpiry})
	 * @param app set when the new value is a GitHub App key (App mode); it belongs to the value and is
	 *        replaced by every put
	 * @param keepExpiry true to carry the current record's expiry over to the new value (see
	 *        {@link TokenStore#put(RepositoryName, SecretValue, TokenChange, Long, Optional)})
	 * @param patPermissions the permissions a personal access token was asked for ({@code token rotate}),
	 *        or null to keep the current record's
	 * @param kind the kind of secret the token goes into, or null to keep the current record's
	 */
	public record TokenChange(EnvironmentName environment, SecretName secretName, LocalDate expiresAt, String note,
			AppSource app, boolean keepExpiry, List<String> patPermissions, DestinationKind kind) {

		public TokenChange(EnvironmentName environment, SecretName secretName, LocalDate expiresAt, String note,
				AppSource app, boolean keepExpiry, List<String> patPermissions) {
			this(environment, secretName, expiresAt, note, app, keepExpiry, patPermissions, null);
		}

		public TokenChange(EnvironmentName environment, SecretName secretName, LocalDate expiresAt, String note,
				AppSource app, boolean keepExpiry) {
			this(environment, secretName, expiresAt, note, app, keepExpiry, null);
		}

		public TokenChange(EnvironmentName environment, SecretName secretName, LocalDate expiresAt, String note,
				AppSource app) {
			this(environment, secretName, expiresAt, note, app, false);
		}

		public TokenChange(EnvironmentName environment, SecretName secretName, LocalDate expiresAt, String note) {
			this(environment, secretName, expiresAt, note, null, false);
		}

	}

}
