package org.botkeeper.vault;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.botkeeper.sync.Binding;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;

/**
 * What Vault knows about one repository's token, without its value: the binding (from
 * custom_metadata {@code environment} and {@code secret_name}), the KV version, and {@code expires_at},
 * {@code note}, {@code created_by}.
 *
 * @param version the KV v2 version of the token value this record describes
 * @param expiresAt the token's expiry as the admin recorded it, or null
 * @param app when the value is a GitHub App key to mint installation tokens with, else null
 */
public record TokenRecord(Binding binding, long version, LocalDate expiresAt, String note, String createdBy,
		Instant createdTime, Instant updatedTime, AppSource app) {

	public TokenRecord(Binding binding, long version, LocalDate expiresAt, String note, String createdBy,
			Instant createdTime, Instant updatedTime) {
		this(binding, version, expiresAt, note, createdBy, createdTime, updatedTime, null);
	}

	static final String ENVIRONMENT = "environment";

	static final String SECRET_NAME = "secret_name";

	static final String EXPIRES_AT = "expires_at";

	static final String NOTE = "note";

	static final String CREATED_BY = "created_by";

	/**
	 * Reads a record from metadata; a missing environment or secret name takes {@code defaults}' (a
	 * record written by hand, without custom_metadata).
	 */
	static TokenRecord from(RepositoryName repository, KvMetadata metadata, TokenDefaults defaults) {
		Map<String, String> custom = metadata.customMetadata();
		EnvironmentName environment = custom.containsKey(ENVIRONMENT) ? new EnvironmentName(custom.get(ENVIRONMENT))
				: defaults.environment();
		SecretName secretName = custom.containsKey(SECRET_NAME) ? new SecretName(custom.get(SECRET_NAME))
				: defaults.secretName();
		LocalDate expires = null;
		if (custom.get(EXPIRES_AT) != null && !custom.get(EXPIRES_AT).isBlank()) {
			try {
				expires = LocalDate.parse(custom.get(EXPIRES_AT));
			}
			catch (RuntimeException ex) {
				expires = null; // written by hand in another format: treated as unknown
			}
		}
		return new TokenRecord(new Binding(repository, environment, secretName), metadata.currentVersion(), expires,
				custom.get(NOTE), custom.get(CREATED_BY), metadata.createdTime(), metadata.updatedTime(),
				AppSource.from(custom));
	}

	Map<String, String> customMetadata() {
		Map<String, String> custom = new LinkedHashMap<>();
		custom.put(ENVIRONMENT, binding.environment().value());
		custom.put(SECRET_NAME, binding.secretName().value());
		if (expiresAt != null) {
			custom.put(EXPIRES_AT, expiresAt.toString());
		}
		if (note != null && !note.isBlank()) {
			custom.put(NOTE, note);
		}
		if (createdBy != null) {
			custom.put(CREATED_BY, createdBy);
		}
		if (app != null) {
			app.write(custom);
		}
		return custom;
	}

}
