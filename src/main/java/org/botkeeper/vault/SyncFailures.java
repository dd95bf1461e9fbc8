package org.botkeeper.vault;

import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.RunAbortedException;

/**
 * Sorts a failed Vault call into the sync engine's two kinds: the whole server is out (sealed,
 * unreachable, the token invalid: stop the run, so no GitHub write happens from partial data), or
 * just this path failed (a 403 or a 500 on one record: that item fails, the others go on).
 */
public final class SyncFailures {

	private SyncFailures() {
	}

	public static RuntimeException classify(VaultException ex) {
		if (runWide(ex)) {
			return new RunAbortedException(ex.getMessage(), ex);
		}
		return new ItemFailedException(ex.getMessage(), ex);
	}

	/** True when every further call would fail the same way. */
	public static boolean runWide(VaultException ex) {
		return ex instanceof VaultUnavailableException || ex instanceof VaultTokenException;
	}

}
