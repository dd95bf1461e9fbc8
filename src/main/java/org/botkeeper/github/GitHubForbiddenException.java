package org.botkeeper.github;

/** GitHub answered 403 for a reason other than a rate limit: the credential lacks a permission. */
public class GitHubForbiddenException extends GitHubException {

	public GitHubForbiddenException(String message) {
		super(message, 403);
	}

}
