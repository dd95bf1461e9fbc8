package org.botkeeper.devvault;

/** No route produced a server; the message lists every route tried and how to provide one. */
public class NoDevVaultException extends RuntimeException {

	public NoDevVaultException(String message) {
		super(message);
	}

}
