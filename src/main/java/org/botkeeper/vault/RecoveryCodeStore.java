package org.botkeeper.vault;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;

/**
 * The bot's 2FA recovery codes at {@code account-recovery} in the KV mount, apart from the password:
 * a recovery code is a second way into the account, so only break-glass reads or writes the record.
 * Its custom_metadata carries the count (codes left, codes in the set, the version they were counted
 * at), which admins may read and nobody but break-glass may write. The count is bookkeeping written
 * after each change, not the codes: if it is ever wrong (a run stopped between the two writes, a hand
 * edit), that is a display problem, and {@link #use} never trusts it.
 *
 * @see <a href="https://openbao.org/api-docs/secret/kv/kv-v2/">KV v2 API (check-and-set)</a>
 */
public final class RecoveryCodeStore {

	static final String UNUSED_COUNT = "unused";

	static final String TOTAL_COUNT = "total";

	static final String COUNTED_VERSION = "counted_version";

	/**
	 * People taking codes at once: whoever loses check-and-set waits a random moment, reads again and takes
	 * the next code. Enough attempts for a handful of break-glass holders racing each other.
	 */
	private static final int USE_ATTEMPTS = 12;

	private static final String PATH = VaultLayout.ACCOUNT_RECOVERY;

	private final KvRecords codes;

	private final KvRecords count;

	private final VaultConnection connection;

	private final Clock clock;

	public RecoveryCodeStore(VaultConnection connection, VaultLayout layout) {
		this(connection, layout, Clock.systemUTC());
	}

	RecoveryCodeStore(VaultConnection connection, VaultLayout layout, Clock clock) {
		this.connection = connection;
		this.codes = new KvRecords(connection, layout, Policy.BREAKGLASS.policyName());
		this.count = new KvRecords(connection, layout, Policy.ADMIN.policyName());
		this.clock = clock;
	}

	/** A code just marked used, the version that marks it, and how many are left after it. */
	public record TakenCode(SecretValue code, long version, int left) {

	}

	/** What the metadata says: codes left and in the set, counted at one version of the record. */
	public record Count(int unused, int total, long countedVersion, long currentVersion, Instant updatedTime) {

		/** True when the record changed after the count was written (a display problem only). */
		public boolean stale() {
			return countedVersion != currentVersion;
		}

	}

	/**
	 * Stores a fresh set (check-and-set against the version read just before). Refuses to replace codes
	 * that are still unused unless {@code replace}: GitHub invalidates the old set when it generates a new
	 * one, so replacing is right only after that.
	 *
	 * @return the new version
	 */
	public long set(RecoveryCodes fresh, boolean replace) {
		long current = codes.metadata(PATH).map(KvMetadata::currentVersion).orElse(0L);
		Optional<Map<String, Object>> data = current == 0 ? Optional.empty() : codes.data(PATH, current);
		if (data.isPresent() && !replace) {
			try (RecoveryCodes stored = RecoveryCodes.from(data.get())) {
				if (stored.unused() > 0) {
					throw UserFacingException.badInput("'" + PATH + "' still holds " + stored.unused()
							+ " unused recovery codes. Nothing was stored. If GitHub generated a new set (which "
							+ "invalidates the old one), rerun with --replace.");
				}
			}
		}
		long version = codes.put(PATH, fresh.toData(), current);
		writeCount(fresh, version);
		return version;
	}

	/**
	 * Takes the first unused code and marks it used in a new version written with check-and-set, so two
	 * people taking codes at the same time never get the same one. The code is returned only after the
	 * write succeeded.
	 */
	public TakenCode use() {
		CheckAndSetException lost = null;
		for (int attempt = 0; attempt < USE_ATTEMPTS; attempt++) {
			if (lost != null) {
				pause(attempt);
			}
			long current = codes.metadata(PATH).map(KvMetadata::currentVersion).orElse(0L);
			Optional<Map<String, Object>> data = current == 0 ? Optional.empty() : codes.data(PATH, current);
			try (RecoveryCodes stored = data.map(RecoveryCodes::from).orElse(null)) {
				if (stored == null || stored.unused() == 0) {
					throw new MissingRecordException("No unused recovery code left in '" + PATH
							+ "'" + (stored == null ? " (none stored, or the latest version was deleted)"
									: " (all " + stored.total() + " used)")
							+ ". Generate new codes on GitHub (Settings, Password and authentication) and store them: "
							+ "botkeeper account recovery set --replace");
				}
				SecretValue code = stored.take(clock.instant(), connection.displayName());
				long version;
				try {
					version = codes.put(PATH, stored.toData(), current);
				}
				catch (CheckAndSetException ex) {
					code.close();
					lost = ex;
					continue;
				}
				catch (RuntimeException ex) {
					code.close();
					throw ex;
				}
				try {
					writeCount(stored, version);
				}
				catch (RuntimeException ex) {
					// The code is marked used: hand it out. A count not written only shows as stale.
				}
				return new TakenCode(code, version, stored.unused());
			}
		}
		throw lost;
	}

	/** The count from the record's metadata; empty when no codes were ever stored. */
	public Optional<Count> count() {
		return count.metadata(PATH).map(metadata -> {
			Map<String, String> custom = metadata.customMetadata();
			return new Count(number(custom.get(UNUSED_COUNT)), number(custom.get(TOTAL_COUNT)),
					number(custom.get(COUNTED_VERSION)), metadata.currentVersion(), metadata.updatedTime());
		});
	}

	/**
	 * Writes the count for {@code version}, unless a newer count is there already (two uses at once: the
	 * one that wrote the later version keeps its count). Metadata writes have no check-and-set, so two
	 * writers can still cross; {@link Count#stale()} shows it.
	 */
	private void writeCount(RecoveryCodes state, long version) {
		long counted = count.metadata(PATH).map(m -> (long) number(m.customMetadata().get(COUNTED_VERSION))).orElse(0L);
		if (counted > version) {
			return;
		}
		codes.writeCustomMetadata(PATH, Map.of(UNUSED_COUNT, Integer.toString(state.unused()), TOTAL_COUNT,
				Integer.toString(state.total()), COUNTED_VERSION, Long.toString(version)));
	}

	private static void pause(int attempt) {
		try {
			Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(10, 40L * Math.min(attempt, 5)));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new java.util.concurrent.CancellationException("Interrupted while taking a recovery code; none "
					+ "was handed out.");
		}
	}

	private static int number(String value) {
		try {
			return value == null ? -1 : Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
