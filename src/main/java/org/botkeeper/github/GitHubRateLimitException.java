package org.botkeeper.github;

/**
 * GitHub kept answering with a primary or secondary rate limit after the bounded number of waits;
 * the run should stop writing and try again later.
 */
public class GitHubRateLimitException extends GitHubException {

	public GitHubRateLimitException(String message, int status) {
		super(message, status);
	}

}
