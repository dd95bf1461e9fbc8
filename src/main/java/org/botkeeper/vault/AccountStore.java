package org.botkeeper.vault;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.crypto.SecretValue;

/**
 * The bot account's login and password at {@code account} in the KV mount. Readable by admins and
 * break-glass only; the broker policy has no access. The 2FA recovery codes live apart, at
 * {@code account-recovery} ({@link RecoveryCodeStore}); records written by earlier versions may still
 * hold them here (field {@code recovery_codes}), and then {@link #set} keeps them until a break-glass
 * holder moves them ({@link RecoveryCodeMigration}).
 */
public final class AccountStore {

	private static final String LOGIN = "login";

	private static final String PASSWORD = "password";

	/** Where earlier versions kept the recovery codes, in data, and their count, in custom_metadata. */
	static final String OLD_RECOVERY_CODES = "recovery_codes";

	private final KvRecords kv;

	public AccountStore(VaultConnection connection, VaultLayout layout) {
		this.kv = new KvRecords(connection, layout, Policy.ADMIN.policyName());
	}

	/** A version just written, and how many old-layout recovery codes it carried over unchanged. */
	public record Stored(long version, int keptOldLayoutCodes) {

	}

	/**
	 * Stores a new version (check-and-set against the version read just before). Recovery codes an earlier
	 * version of botkeeper kept in this record are carried over as they are, never dropped: only a
	 * break-glass holder can move them where they belong.
	 */
	public Stored set(String login, SecretValue password) {
		long current = kv.metadata(VaultLayout.ACCOUNT).map(KvMetadata::currentVersion).orElse(0L);
		Object oldCodes = current == 0 ? null
				: kv.data(VaultLayout.ACCOUNT, current).map(data -> data.get(OLD_RECOVERY_CODES)).orElse(null);
		int kept = countLines(oldCodes);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put(LOGIN, login);
		data.put(PASSWORD, BodySecret.of(password));
		Map<String, String> custom = new LinkedHashMap<>();
		custom.put(LOGIN, login);
		if (kept > 0) {
			data.put(OLD_RECOVERY_CODES, new BodySecret(oldCodes.toString()));
			custom.put(OLD_RECOVERY_CODES, Integer.toString(kept));
		}
		long version = kv.put(VaultLayout.ACCOUNT, data, current);
		// The login in metadata too, so auditors (metadata only) can see it without the password.
		kv.writeCustomMetadata(VaultLayout.ACCOUNT, custom);
		return new Stored(version, kept);
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
		if (custom.containsKey(LOGIN)) {
			return Optional.of(new AccountInfo(custom.get(LOGIN), oldLayoutCount(custom.get(OLD_RECOVERY_CODES)),
					metadata.get().currentVersion(), metadata.get().updatedTime()));
		}
		return kv.data(VaultLayout.ACCOUNT, metadata.get().currentVersion())
			.map(data -> new AccountInfo(String.valueOf(data.get(LOGIN)), countLines(data.get(OLD_RECOVERY_CODES)),
					metadata.get().currentVersion(), metadata.get().updatedTime()));
	}

	/** The password of the latest version; empty when no account is stored. */
	public Optional<SecretValue> password() {
		return kv.data(VaultLayout.ACCOUNT, 0).map(data -> data.get(PASSWORD)).map(p -> SecretValue.of(p.toString()));
	}

	/**
	 * The account without secrets: login, version and time, and how many recovery codes this record still
	 * holds in the old layout (0 once they were moved to {@code account-recovery}).
	 */
	public record AccountInfo(String login, int oldLayoutRecoveryCodes, long version, Instant updatedTime) {

	}

	static int countLines(Object codes) {
		return codes == null ? 0 : (int) codes.toString().lines().filter(line -> !line.isBlank()).count();
	}

	/** The old-layout count from custom_metadata (display only: admins may edit it). */
	private static int oldLayoutCount(String value) {
		try {
			return value == null ? 0 : Math.max(0, Integer.parseInt(value.strip()));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
