package org.botkeeper.github;

/** GitHub answered 5xx, timed out or broke the connection on every one of the bounded tries. */
public class GitHubUnavailableException extends GitHubException {

	public GitHubUnavailableException(String message, int status, Throwable cause) {
		super(message, status, cause);
	}

}
