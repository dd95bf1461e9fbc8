package org.botkeeper.sync;

/** A repository, environment or secret name that GitHub would refuse; the message says which rule. */
public class InvalidNameException extends IllegalArgumentException {

	public InvalidNameException(String message) {
		super(message);
	}

}
