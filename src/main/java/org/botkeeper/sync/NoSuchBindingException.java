package org.botkeeper.sync;

/**
 * A repository named on the command line that Vault has no token record for and the ledger knows
 * nothing of: a typo, most likely. Bad input; nothing was planned.
 */
public class NoSuchBindingException extends IllegalArgumentException {

	public NoSuchBindingException(RepositoryName repository) {
		super("No token record for " + repository + " in Vault, and botkeeper never synced it. Store one with "
				+ "'botkeeper token put " + repository + "'.");
	}

}
