package org.botkeeper.vault;

import java.util.Map;
import java.util.Optional;

/**
 * The {@link AppCeiling} at {@code app-ceiling} in the KV mount: admins and break-glass write it, the
 * broker reads it. No secret in it.
 */
public final class AppCeilingStore {

	static final String PATH = "app-ceiling";

	private static final String PERMISSIONS = "app_permissions";

	private final KvRecords kv;

	/** @param policy the policy named in a "permission denied" message */
	public AppCeilingStore(VaultConnection connection, VaultLayout layout, String policy) {
		this.kv = new KvRecords(connection, layout, policy);
	}

	/** The ceiling, or empty when none is set (then no App binding is pushed). */
	public Optional<AppCeiling> read() {
		return kv.data(PATH, 0)
			.map(data -> data.get(PERMISSIONS))
			.map(text -> new AppCeiling(AppSource.permissions(text.toString())));
	}

	/** Stores a new ceiling (check-and-set against the version read just before); returns its version. */
	public long set(AppCeiling ceiling) {
		long current = kv.metadata(PATH).map(KvMetadata::currentVersion).orElse(0L);
		return kv.put(PATH, Map.of(PERMISSIONS, ceiling.text()), current);
	}

}
