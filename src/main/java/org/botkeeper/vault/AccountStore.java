package org.botkeeper.vault;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.crypto.SecretValue;

/**
 * The bot account's login, password and optional 2FA recovery codes at {@code account} in the KV
 * mount. Readable by admins and break-glass only; the broker policy has no access.
 */
public final class AccountStore {

	private static final String LOGIN = "login";

	private static final String PASSWORD = "password";

	private static final String RECOVERY_CODES = "recovery_codes";

	private final KvRecords kv;

	public AccountStore(VaultConnection connection, VaultLayout layout) {
		this.kv = new KvRecords(connection, layout, "botkeeper-admin");
	}

	/**
	 * Stores a new version (check-and-set against the version read just before).
	 *
	 * @param recoveryCodes may be empty
	 * @return the new version
	 */
	public long set(String login, SecretValue password, List<SecretValue> recoveryCodes) {
		long current = kv.metadata(VaultLayout.ACCOUNT).map(KvMetadata::currentVersion).orElse(0L);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put(LOGIN, login);
		data.put(PASSWORD, BodySecret.of(password));
		if (!recoveryCodes.isEmpty()) {
			data.put(RECOVERY_CODES,
					new BodySecret(String.join("\n", recoveryCodes.stream().map(SecretValue::reveal).toList())));
		}
		long version = kv.put(VaultLayout.ACCOUNT, data, current);
		// Login and count in metadata too, so auditors (metadata only) can see them without the password.
		kv.writeCustomMetadata(VaultLayout.ACCOUNT,
				Map.of(LOGIN, login, RECOVERY_CODES, Integer.toString(recoveryCodes.size())));
		return version;
	}

	/**
	 * The login and bookkeeping, never the password; empty when no account is stored. Reads metadata
	 * only (so the auditor policy suffices), unless the record was written by hand without it.
	 */
	public Optional<AccountInfo> show() {
		Optional<KvMetadata> metadata = kv.metadata(VaultLayout.ACCOUNT);
		if (metadata.isEmpty()) {
			return Optional.empty();
		}
		Map<String, String> custom = metadata.get().customMetadata();
		if (custom.containsKey(LOGIN) && custom.containsKey(RECOVERY_CODES)) {
			return Optional.of(new AccountInfo(custom.get(LOGIN), Integer.parseInt(custom.get(RECOVERY_CODES)),
					metadata.get().currentVersion(), metadata.get().updatedTime()));
		}
		return kv.data(VaultLayout.ACCOUNT, metadata.get().currentVersion()).map(data -> {
			Object codes = data.get(RECOVERY_CODES);
			int count = codes == null || codes.toString().isBlank() ? 0 : codes.toString().split("\n").length;
			return new AccountInfo(String.valueOf(data.get(LOGIN)), count, metadata.get().currentVersion(),
					metadata.get().updatedTime());
		});
	}

	/** The password of the latest version; empty when no account is stored. */
	public Optional<SecretValue> password() {
		return kv.data(VaultLayout.ACCOUNT, 0).map(data -> data.get(PASSWORD)).map(p -> SecretValue.of(p.toString()));
	}

	/** The account without secrets: login, how many recovery codes are stored, version and time. */
	public record AccountInfo(String login, int recoveryCodes, long version, Instant updatedTime) {

	}

}
