package org.botkeeper.github;

/**
 * GitHub answered 401: the credential is revoked, expired or wrong. Once thrown, the connection
 * refuses every further call without sending it, because repeated bad logins can lock the account.
 */
public class GitHubUnauthorizedException extends GitHubException {

	public GitHubUnauthorizedException(String message) {
		super(message, 401);
	}

}
