package org.botkeeper.github;

/**
 * A GitHub request that did not succeed, with a message a person can act on: what failed, what
 * GitHub answered, and what to do. Messages never carry a token, a secret value, or the raw body of
 * a secret endpoint. Subclasses name the cases a caller treats differently.
 */
public class GitHubException extends RuntimeException {

	private final int status;

	public GitHubException(String message, int status) {
		super(message);
		this.status = status;
	}

	public GitHubException(String message, int status, Throwable cause) {
		super(message, cause);
		this.status = status;
	}

	/** The HTTP status GitHub answered, or 0 when no answer came (timeout, broken connection). */
	public int status() {
		return status;
	}

}
