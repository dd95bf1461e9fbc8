package org.botkeeper.vault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.vault.support.VaultResponse;

/**
 * The KV version 2 calls botkeeper makes, on raw API paths so that check-and-set, versions and
 * custom_metadata are explicit: read metadata, read a version, write with {@code cas}, write
 * custom_metadata, delete all versions, list. The stores here use it, and so can the broker's ledger
 * ({@link VaultLayout#ledgerPath}) and lease ({@link VaultLayout#LEASE}), which need check-and-set too.
 *
 * @see <a href="https://openbao.org/api-docs/secret/kv/kv-v2/">KV v2 API</a>
 */
public final class KvRecords {

	private final VaultConnection connection;

	private final VaultLayout layout;

	private final String policy;

	/** @param policy the policy a person should check when a call is denied */
	public KvRecords(VaultConnection connection, VaultLayout layout, String policy) {
		this.connection = connection;
		this.layout = layout;
		this.policy = policy;
	}

	public VaultLayout layout() {
		return layout;
	}

	/** The metadata of {@code path}, or empty when there is no such record. */
	public Optional<KvMetadata> metadata(String path) {
		VaultResponse response = connection.read(access("read", path + " (metadata)", false), layout.metadata(path))
			.orElse(null);
		if (response == null || response.getData() == null) {
			return Optional.empty();
		}
		KvMetadata metadata = KvMetadata.from(response.getData());
		return metadata.currentVersion() == 0 ? Optional.empty() : Optional.of(metadata);
	}

	/** The data of one version (0 = latest), or empty when it is missing, deleted or destroyed. */
	public Optional<Map<String, Object>> data(String path, long version) {
		String apiPath = layout.data(path) + (version > 0 ? "?version=" + version : "");
		VaultResponse response = connection.read(access("read", path, true), apiPath).orElse(null);
		if (response == null || response.getData() == null || !(response.getData().get("data") instanceof Map<?, ?> data)) {
			return Optional.empty();
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> values = (Map<String, Object>) data;
		return Optional.of(values);
	}

	/**
	 * Writes a new version only if the current version is {@code expectedVersion} (0: only if none
	 * exists). Returns the new version, or throws {@link CheckAndSetException} when someone else wrote
	 * first; nothing is written then.
	 */
	public long put(String path, Map<String, Object> data, long expectedVersion) {
		Map<String, Object> body = Map.of("options", Map.of("cas", expectedVersion), "data", data);
		try {
			VaultResponse response = connection.template().write(layout.data(path), body);
			Object version = response == null || response.getData() == null ? null : response.getData().get("version");
			return version == null ? expectedVersion + 1 : Long.parseLong(version.toString());
		}
		catch (RuntimeException ex) {
			if (VaultCalls.status(ex) == 400 && VaultCalls.serverError(ex).contains("check-and-set")) {
				throw new CheckAndSetException(path, expectedVersion);
			}
			throw connection.calls().translate(access("write", path, true), ex);
		}
	}

	/** Replaces the record's custom_metadata (strings only; never secret values). */
	public void writeCustomMetadata(String path, Map<String, String> customMetadata) {
		Map<String, Object> body = Map.of("custom_metadata", new LinkedHashMap<>(customMetadata));
		connection.calls()
			.run(access("write", path + " (metadata)", false),
					() -> connection.template().write(layout.metadata(path), body));
	}

	/** Deletes every version and the metadata of {@code path}. */
	public void destroy(String path) {
		connection.calls()
			.run(access("delete", path, false), () -> connection.template().delete(layout.metadata(path)));
	}

	/** The keys under {@code folder} (sub-folders end with '/'); empty when there are none. */
	public List<String> list(String folder) {
		return new ArrayList<>(connection.list(access("list", folder, false), layout.metadata(folder)));
	}

	/** The versions of {@code path} that still hold data (neither deleted nor destroyed), oldest first. */
	public List<Long> liveVersions(String path) {
		VaultResponse response = connection.read(access("read", path + " (metadata)", false), layout.metadata(path))
			.orElse(null);
		List<Long> live = new ArrayList<>();
		if (response != null && response.getData() != null
				&& response.getData().get("versions") instanceof Map<?, ?> versions) {
			versions.forEach((number, state) -> {
				if (state instanceof Map<?, ?> info && !Boolean.TRUE.equals(info.get("destroyed"))
						&& (info.get("deletion_time") == null || info.get("deletion_time").toString().isEmpty())) {
					live.add(Long.parseLong(number.toString()));
				}
			});
		}
		live.sort(null);
		return live;
	}

	/**
	 * Destroys the data of {@code versions} of {@code path} for good (KV v2 {@code destroy}); the metadata
	 * and the other versions stay.
	 */
	public void destroyVersions(String path, List<Long> versions) {
		String apiPath = layout.kvMount() + "/destroy/" + path;
		connection.calls()
			.run(access("destroy versions of", path, false),
					() -> connection.template().write(apiPath, Map.of("versions", versions)));
	}

	VaultAccess access(String verb, String path, boolean secret) {
		return new VaultAccess(verb, path, layout.kvMount(), layout.policyName(policy), secret);
	}

}
