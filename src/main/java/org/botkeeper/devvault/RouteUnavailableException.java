package org.botkeeper.devvault;

/** A route to a dev server does not work here; the message says why, in a few words. */
public class RouteUnavailableException extends Exception {

	public RouteUnavailableException(String reason) {
		super(reason);
	}

	public RouteUnavailableException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
