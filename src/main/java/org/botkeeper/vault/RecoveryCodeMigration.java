package org.botkeeper.vault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;

/**
 * Moves 2FA recovery codes that earlier versions of botkeeper kept in the {@code account} record (where
 * every admin can read them) to {@code account-recovery} (break-glass only), then removes them from the
 * account record and destroys the account versions that held them, since admins can read old versions
 * too. Needs break-glass: only it may write {@code account-recovery} and destroy versions.
 *
 * <p>Safe to run again after a stop at any step: codes are imported only while {@code account-recovery}
 * has never been written, so codes an admin wrote into the account record after a break-glass holder
 * stored the real set are never imported (they are removed like the rest).
 */
public final class RecoveryCodeMigration {

	private static final String ACCOUNT = VaultLayout.ACCOUNT;

	private final KvRecords account;

	private final KvRecords recovery;

	private final RecoveryCodeStore store;

	public RecoveryCodeMigration(VaultConnection connection, VaultLayout layout) {
		this.account = new KvRecords(connection, layout, Policy.BREAKGLASS.policyName());
		this.recovery = new KvRecords(connection, layout, Policy.BREAKGLASS.policyName());
		this.store = new RecoveryCodeStore(connection, layout);
	}

	/**
	 * What was done.
	 *
	 * @param moved codes imported into {@code account-recovery} (0 when it was written before, or none found)
	 * @param movedFrom the account version they came from (0 if none)
	 * @param recoveryVersion the version of {@code account-recovery} written (0 if not written)
	 * @param accountVersion the account version written without the codes (0 if the latest had none)
	 * @param destroyed the account versions destroyed because they held codes
	 */
	public record Result(int moved, long movedFrom, long recoveryVersion, long accountVersion, List<Long> destroyed) {

		public boolean nothingToDo() {
			return destroyed.isEmpty();
		}

	}

	public Result migrate() {
		List<Long> withCodes = new ArrayList<>();
		long newestWithCodes = 0;
		Object newestCodes = null;
		Map<String, Object> latest = null;
		long current = account.metadata(ACCOUNT).map(KvMetadata::currentVersion).orElse(0L);
		List<Long> live = account.liveVersions(ACCOUNT);
		for (int i = live.size() - 1; i >= 0; i--) {
			long version = live.get(i);
			Optional<Map<String, Object>> data = account.data(ACCOUNT, version);
			if (version == current) {
				latest = data.orElse(null);
			}
			Object codes = data.map(d -> d.get(AccountStore.OLD_RECOVERY_CODES)).orElse(null);
			if (AccountStore.countLines(codes) > 0) {
				withCodes.add(0, version);
				if (newestCodes == null) {
					newestWithCodes = version;
					newestCodes = codes;
				}
			}
		}
		if (withCodes.isEmpty()) {
			return new Result(0, 0, 0, 0, List.of());
		}
		int moved = 0;
		long recoveryVersion = 0;
		if (recovery.metadata(VaultLayout.ACCOUNT_RECOVERY).isEmpty()) {
			try (RecoveryCodes codes = parse(newestCodes.toString(), newestWithCodes)) {
				recoveryVersion = store.set(codes, false);
				moved = codes.unused();
			}
		}
		long accountVersion = 0;
		if (latest != null && withCodes.contains(current)) {
			Map<String, Object> without = new LinkedHashMap<>();
			latest.forEach((key, value) -> {
				if (!key.equals(AccountStore.OLD_RECOVERY_CODES)) {
					without.put(key, value instanceof String text ? new BodySecret(text) : value);
				}
			});
			accountVersion = account.put(ACCOUNT, without, current);
			Map<String, String> custom = new LinkedHashMap<>(
					account.metadata(ACCOUNT).map(KvMetadata::customMetadata).orElse(Map.of()));
			custom.remove(AccountStore.OLD_RECOVERY_CODES);
			account.writeCustomMetadata(ACCOUNT, custom);
		}
		account.destroyVersions(ACCOUNT, withCodes);
		return new Result(moved, moved > 0 ? newestWithCodes : 0, recoveryVersion, accountVersion, List.copyOf(withCodes));
	}

	private static RecoveryCodes parse(String text, long version) {
		List<SecretValue> codes = new ArrayList<>();
		int lineNumber = 0;
		try {
			for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
				codes.add(RecoveryCodes.parse(line.toCharArray(), ++lineNumber));
			}
			return RecoveryCodes.fresh(codes);
		}
		catch (UserFacingException ex) {
			codes.forEach(SecretValue::close);
			throw UserFacingException.badInput("The recovery codes in version " + version + " of '" + ACCOUNT
					+ "' cannot be moved: " + ex.getMessage() + " Store the right codes with 'botkeeper account "
					+ "recovery set', then run 'botkeeper account recovery migrate' again to remove these.");
		}
	}

}
