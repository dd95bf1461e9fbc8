package org.botkeeper.vault;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.RunAbortedException;

/**
 * Sorts a failed Vault call into the sync engine's two kinds: the whole server is out (sealed,
 * unreachable: stop the run, so no GitHub write happens from partial data), or just this path
 * failed (a 403 on one record: that item fails, the others go on).
 */
final class SyncFailures {

	private SyncFailures() {
	}

	static RuntimeException classify(UserFacingException ex) {
		int status = VaultCalls.status(ex);
		if (status == 0 || status == 503 || status >= 500 || ex instanceof InvalidTokenException) {
			return new RunAbortedException(ex.getMessage(), ex);
		}
		return new ItemFailedException(ex.getMessage(), ex);
	}

}
