package org.botkeeper.vault;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DestinationKind;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;

/**
 * What Vault knows about one repository's token, without its value.
 *
 * <p>Where the token is pushed and how (environment, secret name, expiry, App mode) is written in the
 * <em>data</em> of the same KV version as the value ({@link Layout#CURRENT}): whoever wants to change
 * it must write a new value, so nobody can send a value they cannot read somewhere they can read it.
 * The record's custom_metadata keeps only display copies and the free-text note, which anyone with
 * metadata access can edit; a record read from metadata alone ({@link #verified()} false) is a display
 * view and never decides where a value goes. Records written before this layout
 * ({@link Layout#LEGACY}) kept the binding in custom_metadata; they are still read that way and are
 * rewritten in the current layout by the next {@code token put}.
 *
 * @param version the KV v2 version of the token value this record describes
 * @param expiresAt the token's expiry as the writer recorded it, or null
 * @param writtenBy Vault's display name of the token that wrote this version (looked up by the writer
 *        at write time and stored with the value), or null when unknown
 * @param app when the value is a GitHub App key to mint installation tokens with, else null
 * @param patPermissions the fine-grained permissions ({@code NAME:LEVEL}, GitHub's names) the token was
 *        asked for when it was last rotated, so the next rotation asks for the same; empty when none were
 *        recorded. They never decide where a value goes: they only fill in the link to GitHub's form.
 * @param verified true when binding, expiry and App settings were read from the value's own version
 */
public record TokenRecord(Binding binding, long version, LocalDate expiresAt, String note, String writtenBy,
		Instant createdTime, Instant updatedTime, AppSource app, List<String> patPermissions, Layout layout,
		boolean verified) {

	public TokenRecord {
		patPermissions = patPermissions == null ? List.of() : List.copyOf(patPermissions);
	}

	/** How the record keeps its binding. */
	public enum Layout {

		/** Everything that decides where the value goes is in the value's own version. */
		CURRENT,
		/** Written by an earlier botkeeper: the binding is in custom_metadata, which others may edit. */
		LEGACY

	}

	static final String VALUE = "token";

	/** In the data: marks the current layout. */
	static final String LAYOUT = "botkeeper_layout";

	static final String LAYOUT_VERSION = "2";

	static final String ENVIRONMENT = "environment";

	static final String SECRET_NAME = "secret_name";

	/** The {@link DestinationKind}'s word; absent (an environment secret) in records written before kinds. */
	static final String DESTINATION = "destination";

	static final String EXPIRES_AT = "expires_at";

	static final String NOTE = "note";

	static final String WRITTEN_BY = "written_by";

	/** {@link #patPermissions()}, comma-separated. */
	static final String PAT_PERMISSIONS = "pat_permissions";

	/** Only in legacy custom_metadata: who wrote it, as anyone could edit it; never shown. */
	static final String LEGACY_CREATED_BY = "created_by";

	/**
	 * The display view from metadata alone, for those who may not read values (admins, auditors,
	 * maintainers): the display copies of the last {@code token put}, or a legacy record's binding.
	 * A missing environment or secret name takes {@code defaults}' (a record written by hand).
	 */
	static TokenRecord fromMetadata(RepositoryName repository, KvMetadata metadata, TokenDefaults defaults) {
		Map<String, String> custom = metadata.customMetadata();
		Layout layout = LAYOUT_VERSION.equals(custom.get(LAYOUT)) ? Layout.CURRENT : Layout.LEGACY;
		return new TokenRecord(binding(repository, custom, defaults), metadata.currentVersion(),
				date(custom.get(EXPIRES_AT)), custom.get(NOTE), null, metadata.createdTime(), metadata.updatedTime(),
				AppSource.from(custom), list(custom.get(PAT_PERMISSIONS)), layout, false);
	}

	/**
	 * The record as the value's own version {@code data} describes it. Data without the layout marker is
	 * a legacy record: its binding comes from metadata, as it did when it was written.
	 */
	static TokenRecord fromData(RepositoryName repository, KvMetadata metadata, long version, Map<String, Object> data,
			TokenDefaults defaults) {
		Map<String, String> fields = new LinkedHashMap<>();
		data.forEach((key, value) -> {
			if (!VALUE.equals(key) && value != null) {
				fields.put(key, value.toString());
			}
		});
		String note = metadata.customMetadata().get(NOTE);
		if (!LAYOUT_VERSION.equals(fields.get(LAYOUT))) {
			TokenRecord legacy = fromMetadata(repository, metadata, defaults);
			return new TokenRecord(legacy.binding, version, legacy.expiresAt, note, null, metadata.createdTime(),
					metadata.updatedTime(), legacy.app, legacy.patPermissions, Layout.LEGACY, false);
		}
		return new TokenRecord(binding(repository, fields, defaults), version, date(fields.get(EXPIRES_AT)), note,
				fields.get(WRITTEN_BY), metadata.createdTime(), metadata.updatedTime(), AppSource.from(fields),
				list(fields.get(PAT_PERMISSIONS)), Layout.CURRENT, true);
	}

	/** The non-secret fields written with the value, in the current layout. */
	Map<String, Object> dataFields() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put(LAYOUT, LAYOUT_VERSION);
		putPlace(data, binding);
		if (expiresAt != null) {
			data.put(EXPIRES_AT, expiresAt.toString());
		}
		if (writtenBy != null) {
			data.put(WRITTEN_BY, writtenBy);
		}
		if (!patPermissions.isEmpty()) {
			data.put(PAT_PERMISSIONS, String.join(",", patPermissions));
		}
		if (app != null) {
			Map<String, String> appFields = new LinkedHashMap<>();
			app.write(appFields);
			data.putAll(appFields);
		}
		return data;
	}

	/**
	 * The display copies for custom_metadata: what {@code token list} shows to those who cannot read the
	 * value. Nothing here decides anything.
	 */
	Map<String, String> displayMetadata() {
		Map<String, String> custom = new LinkedHashMap<>();
		custom.put(LAYOUT, LAYOUT_VERSION);
		putPlace(custom, binding);
		if (expiresAt != null) {
			custom.put(EXPIRES_AT, expiresAt.toString());
		}
		if (note != null && !note.isBlank()) {
			custom.put(NOTE, note);
		}
		if (!patPermissions.isEmpty()) {
			custom.put(PAT_PERMISSIONS, String.join(",", patPermissions));
		}
		if (app != null) {
			app.write(custom);
		}
		return custom;
	}

	/** Where the value goes: the kind, the environment (only for an environment secret) and the name. */
	private static void putPlace(Map<String, ? super String> fields, Binding binding) {
		fields.put(DESTINATION, binding.kind().value());
		if (binding.inEnvironment()) {
			fields.put(ENVIRONMENT, binding.environment().value());
		}
		fields.put(SECRET_NAME, binding.secretName().value());
	}

	private static Binding binding(RepositoryName repository, Map<String, String> fields, TokenDefaults defaults) {
		DestinationKind kind = fields.containsKey(DESTINATION) ? DestinationKind.of(fields.get(DESTINATION))
				: DestinationKind.ENVIRONMENT;
		EnvironmentName environment = kind != DestinationKind.ENVIRONMENT ? null
				: fields.containsKey(ENVIRONMENT) ? new EnvironmentName(fields.get(ENVIRONMENT)) : defaults.environment();
		SecretName secretName = fields.containsKey(SECRET_NAME) ? new SecretName(fields.get(SECRET_NAME))
				: defaults.secretName();
		return new Binding(repository, environment, secretName, kind);
	}

	private static List<String> list(String text) {
		return text == null || text.isBlank() ? List.of()
				: java.util.Arrays.stream(text.split(",")).map(String::strip).filter(part -> !part.isEmpty()).toList();
	}

	private static LocalDate date(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(text);
		}
		catch (RuntimeException ex) {
			return null; // written by hand in another format: treated as unknown
		}
	}

}
