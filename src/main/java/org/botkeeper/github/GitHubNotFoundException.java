package org.botkeeper.github;

/**
 * GitHub answered 404: the repository is gone, the credential lost access to it (GitHub answers 404
 * rather than 403 for private repositories it hides), or the environment or secret does not exist.
 */
public class GitHubNotFoundException extends GitHubException {

	public GitHubNotFoundException(String message) {
		super(message, 404);
	}

}
