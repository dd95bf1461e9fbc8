package org.botkeeper.vault;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;

/**
 * Someone wrote the record between our read of its version and our write: KV v2 check-and-set
 * refused the write, so nothing was overwritten.
 */
public class CheckAndSetException extends UserFacingException {

	public CheckAndSetException(String path, long expectedVersion) {
		super(ExitCodes.REMOTE_FAILURE, "Not written: '" + path + "' changed in Vault while you were writing "
				+ (expectedVersion == 0 ? "(it did not exist before)" : "(it was at version " + expectedVersion + ")")
				+ ". Someone else wrote it; review it and try again.");
	}

}
