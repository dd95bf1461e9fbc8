package org.botkeeper.vault;

/**
 * Someone wrote the record between our read of its version and our write: KV v2 check-and-set
 * refused the write, so nothing was overwritten.
 */
public class CheckAndSetException extends VaultException {

	public CheckAndSetException(String path, long expectedVersion) {
		super("Not written: '" + path + "' changed in Vault while you were writing "
				+ (expectedVersion == 0 ? "(it did not exist before)" : "(it was at version " + expectedVersion + ")")
				+ ". Someone else wrote it; review it and try again.", 400, null);
	}

}
