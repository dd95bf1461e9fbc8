package org.botkeeper.vault;

/**
 * A record botkeeper needs is not in Vault (never stored, or its latest version deleted): the writer
 * credential, the bot account, a repository's token. The message names the record and the command
 * that stores it.
 */
public class MissingRecordException extends VaultException {

	public MissingRecordException(String message) {
		super(message, 404, null);
	}

}
