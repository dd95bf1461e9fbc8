package org.botkeeper.sync;

/**
 * One binding could not be synced; the run goes on with the others. The message is for people: it
 * names the binding and what GitHub or Vault answered, never a value or a response body.
 */
public class ItemFailedException extends RuntimeException {

	public ItemFailedException(String message) {
		super(message);
	}

	public ItemFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
