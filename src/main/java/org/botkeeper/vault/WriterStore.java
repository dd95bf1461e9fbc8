package org.botkeeper.vault;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.crypto.SecretValue;

/**
 * The writer credential at {@code writer} in the KV mount. Admins write it and see its kind and ids
 * (kept in custom_metadata as well, so showing it never reads the key); only the broker reads the value.
 */
public final class WriterStore {

	private static final String KIND = "kind";

	private static final String APP_ID = "app_id";

	private static final String INSTALLATION_ID = "installation_id";

	private static final String PRIVATE_KEY = "private_key";

	private static final String TOKEN = "token";

	/** An owner's GitHub host when it is not the deployment's ({@code writer set --owner O --api-url URL}). */
	private static final String API_URL = "api_url";

	private final KvRecords kv;

	/** {@link VaultLayout#WRITER}, or one owner's at {@code writers/owner}. */
	private final String path;

	/** The writer for every repository whose owner has none of its own. */
	public WriterStore(VaultConnection connection, VaultLayout layout, String policy) {
		this(new KvRecords(connection, layout, policy), VaultLayout.WRITER);
	}

	private WriterStore(KvRecords kv, String path) {
		this.kv = kv;
		this.path = path;
	}

	/**
	 * The writer of {@code owner}'s repositories alone (lower case: GitHub names ignore case).
	 *
	 * @param policy the policy named in a "permission denied" message
	 */
	public static WriterStore forOwner(VaultConnection connection, VaultLayout layout, String policy, String owner) {
		return new WriterStore(new KvRecords(connection, layout, policy),
				VaultLayout.WRITERS + "/" + owner.toLowerCase(java.util.Locale.ROOT));
	}

	/** The owners (lower case) that have a writer of their own; empty when none has. */
	public static List<String> owners(VaultConnection connection, VaultLayout layout, String policy) {
		return new KvRecords(connection, layout, policy).list(VaultLayout.WRITERS).stream()
			.filter(name -> !name.endsWith("/"))
			.sorted()
			.toList();
	}

	/** Stores a new version for the deployment's GitHub host; returns it. */
	public long set(WriterCredential credential) {
		return set(credential, null);
	}

	/**
	 * Stores a new version; returns it.
	 *
	 * @param apiUrl the GitHub API this writer writes to (GitHub Enterprise Server beside github.com), or null
	 *     for the deployment's own ({@code GITHUB_API_URL}). Kept in the value's own version, which the broker
	 *     reads: where an owner's tokens go is decided by what an admin wrote, like the credential itself.
	 */
	public long set(WriterCredential credential, URI apiUrl) {
		long current = kv.metadata(path).map(KvMetadata::currentVersion).orElse(0L);
		Map<String, Object> data = new LinkedHashMap<>();
		Map<String, String> custom = new LinkedHashMap<>();
		data.put(KIND, credential.kind());
		custom.put(KIND, credential.kind());
		if (apiUrl != null) {
			data.put(API_URL, apiUrl.toString());
			custom.put(API_URL, apiUrl.toString());
		}
		switch (credential) {
			case WriterCredential.App app -> {
				data.put(APP_ID, app.appId());
				data.put(INSTALLATION_ID, app.installationId());
				data.put(PRIVATE_KEY, BodySecret.of(app.privateKey()));
				custom.put(APP_ID, Long.toString(app.appId()));
				custom.put(INSTALLATION_ID, Long.toString(app.installationId()));
			}
			case WriterCredential.Pat pat -> data.put(TOKEN, BodySecret.of(pat.token()));
		}
		long version = kv.put(path, data, current);
		kv.writeCustomMetadata(path, custom);
		return version;
	}

	/** Kind, ids, version and time from metadata only; empty when no writer is stored. */
	public Optional<WriterInfo> show() {
		return kv.metadata(path).map(metadata -> {
			Map<String, String> custom = metadata.customMetadata();
			return new WriterInfo(custom.getOrDefault(KIND, "unknown"), custom.get(APP_ID), custom.get(INSTALLATION_ID),
					custom.get(API_URL), metadata.currentVersion(), metadata.updatedTime());
		});
	}

	/** The credential itself, for the broker; empty when none is stored. The caller closes it. */
	public Optional<WriterCredential> read() {
		return readStored().map(Stored::credential);
	}

	/** The credential and the GitHub host it writes to, from one version; the caller closes it. */
	public Optional<Stored> readStored() {
		return kv.data(path, 0).map(data -> {
			try {
				Object apiUrl = data.get(API_URL);
				URI host = apiUrl == null ? null : URI.create(apiUrl.toString());
				if ("app".equals(data.get(KIND))) {
					return new Stored(new WriterCredential.App(Long.parseLong(data.get(APP_ID).toString()),
							Long.parseLong(data.get(INSTALLATION_ID).toString()),
							SecretValue.of(data.get(PRIVATE_KEY).toString())), host);
				}
				return new Stored(new WriterCredential.Pat(SecretValue.of(data.get(TOKEN).toString())), host);
			}
			catch (NullPointerException | IllegalArgumentException ex) {
				// The cause's text is left out: it could quote a field of the record.
				throw new VaultException("The writer credential in Vault mount '" + kv.layout().kvMount() + "' is not "
						+ "one botkeeper wrote (a field is missing or malformed). Store it again with 'botkeeper writer "
						+ "set'.", 0, null);
			}
		});
	}

	/**
	 * The writer without secrets. {@code appId} and {@code installationId} are null for a PAT, {@code apiUrl}
	 * for a writer of the deployment's own GitHub host.
	 */
	public record WriterInfo(String kind, String appId, String installationId, String apiUrl, long version,
			Instant updatedTime) {

	}

	/**
	 * A writer as the broker reads it: the credential, and the GitHub API it writes to (null: the
	 * deployment's). Closing it zeroes the credential.
	 */
	public record Stored(WriterCredential credential, URI apiUrl) implements AutoCloseable {

		@Override
		public void close() {
			credential.close();
		}

	}

}
