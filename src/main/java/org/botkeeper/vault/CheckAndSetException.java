package org.botkeeper.vault;

/**
 * KV v2 check-and-set refused a write because the record was not at the version the writer expected,
 * so nothing was overwritten. The message states both versions: the one expected, and the one Vault
 * holds now, when it is known.
 */
public class CheckAndSetException extends VaultException {

	/** Someone wrote {@code path} between our read of its version and our write. */
	public CheckAndSetException(String path, long expectedVersion) {
		super("Not written: '" + path + "' changed in Vault while you were writing "
				+ (expectedVersion == 0 ? "(it did not exist when read)" : "(it was at version " + expectedVersion
						+ " when read)")
				+ ". Someone else wrote it; review it and try again.", 400, null);
	}

	/**
	 * @param expectedVersion the version the write required (0: no record)
	 * @param givenByUser true when the person named it ({@code --cas}), false when it was read just before
	 * @param currentVersion the version Vault holds now (0: no record, or unknown)
	 */
	public CheckAndSetException(String path, long expectedVersion, boolean givenByUser, long currentVersion) {
		super(message(path, expectedVersion, givenByUser, currentVersion), 400, null);
	}

	private static String message(String path, long expected, boolean givenByUser, long current) {
		String now = current > 0 ? "is at version " + current : "has no current version";
		if (givenByUser) {
			String wanted = expected == 0 ? "--cas 0 writes only a record that does not exist yet"
					: "--cas " + expected + " writes only over version " + expected;
			return "Not written: '" + path + "' " + now + ", and " + wanted + ". Review it (botkeeper token show) and "
					+ "give the version you mean.";
		}
		String before = expected == 0 ? "did not exist" : "was at version " + expected;
		return "Not written: '" + path + "' " + before + " when read and " + now + " now. Someone else wrote it "
				+ "meanwhile; review it and try again.";
	}

}
