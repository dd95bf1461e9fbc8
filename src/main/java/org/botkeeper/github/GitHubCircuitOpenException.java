package org.botkeeper.github;

/**
 * The {@link GitHubCircuit} refused a call without sending it: GitHub has been failing, so the run should
 * stop calling it instead of spending every remaining binding's retries on the outage.
 */
public class GitHubCircuitOpenException extends GitHubUnavailableException {

	public GitHubCircuitOpenException(String message) {
		super(message, 0, null);
	}

}
