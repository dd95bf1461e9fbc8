package org.botkeeper.vault;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.TokenHealth;
import org.botkeeper.sync.TokenKind;

/**
 * The last {@code token check} of each binding at {@code health/OWNER/REPO} in the KV mount. A record
 * of its own, not token custom_metadata: writing that would let the broker also change where a token
 * goes (environment, secret name); and not the ledger, which only the sync lease holder writes. The
 * broker writes here; admins, auditors and the repository's maintainers read it. No values.
 */
public final class TokenHealthStore {

	private final KvRecords kv;

	public TokenHealthStore(VaultConnection connection, VaultLayout layout, String policy) {
		this.kv = new KvRecords(connection, layout, policy);
	}

	/** Replaces the record of {@code repository} (check-and-set against the version read just before). */
	public void record(RepositoryName repository, TokenHealth health) {
		String path = VaultLayout.healthPath(repository);
		try {
			kv.put(path, fields(health), kv.metadata(path).map(KvMetadata::currentVersion).orElse(0L));
		}
		catch (CheckAndSetException ex) {
			// Another check (a second replica, a person) recorded meanwhile: both describe what GitHub said
			// just now, so the latest one is written on top once.
			kv.put(path, fields(health), kv.metadata(path).map(KvMetadata::currentVersion).orElse(0L));
		}
	}

	/** The last check, or empty when there is none or it is not one of ours. */
	public Optional<TokenHealth> read(RepositoryName repository) {
		Optional<TokenHealth> found = kv.data(VaultLayout.healthPath(repository), 0).flatMap(TokenHealthStore::health);
		String spelled = "health/" + repository.owner() + "/" + repository.repo();
		if (found.isEmpty() && !spelled.equals(VaultLayout.healthPath(repository))) {
			// Written by an earlier botkeeper under the name's own spelling.
			return kv.data(spelled, 0).flatMap(TokenHealthStore::health);
		}
		return found;
	}

	/**
	 * Like {@link #read}, but empty when this identity may not read the record (a policy from before
	 * token checks existed): sync then simply knows nothing about the token's health, as before.
	 */
	public Optional<TokenHealth> readIfAllowed(RepositoryName repository) {
		try {
			return read(repository);
		}
		catch (VaultException ex) {
			return Optional.empty();
		}
	}

	static Map<String, Object> fields(TokenHealth health) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("version", health.version());
		health.recordUpdatedAt().ifPresent(at -> fields.put("record_updated_at", at.toString()));
		fields.put("verdict", health.verdict().name());
		fields.put("kind", health.kind().name());
		health.expiresAt().ifPresent(at -> fields.put("expires_at", at.toString()));
		fields.put("scopes", String.join(",", health.scopes().stream().sorted().toList()));
		fields.put("excess_scopes", String.join(",", health.excessScopes().stream().sorted().toList()));
		fields.put("checked_at", health.checkedAt().toString());
		return fields;
	}

	static Optional<TokenHealth> health(Map<String, Object> fields) {
		try {
			return Optional.of(new TokenHealth(Long.parseLong(text(fields, "version")),
					Optional.ofNullable(fields.get("record_updated_at")).map(Object::toString).map(Instant::parse),
					TokenHealth.Verdict.valueOf(text(fields, "verdict")), TokenKind.valueOf(text(fields, "kind")),
					Optional.ofNullable(fields.get("expires_at")).map(Object::toString).map(Instant::parse),
					set(fields.get("scopes")), set(fields.get("excess_scopes")), Instant.parse(text(fields, "checked_at"))));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	private static String text(Map<String, Object> fields, String key) {
		Object value = fields.get(key);
		if (value == null) {
			throw new IllegalArgumentException("missing " + key);
		}
		return value.toString();
	}

	private static Set<String> set(Object value) {
		if (value == null) {
			return Set.of();
		}
		return Arrays.stream(value.toString().split(",")).map(String::strip).filter(s -> !s.isEmpty())
			.collect(Collectors.toSet());
	}

}
