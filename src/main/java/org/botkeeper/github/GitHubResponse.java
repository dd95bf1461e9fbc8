package org.botkeeper.github;

import java.net.http.HttpHeaders;

/**
 * A successful answer. {@code notModified} says the body came from the client's cache after GitHub
 * answered 304 to a conditional request (which costs no primary rate-limit point).
 */
public record GitHubResponse(int status, HttpHeaders headers, String body, boolean notModified) {

	@Override
	public String toString() {
		return "GitHubResponse[" + status + (notModified ? ", not modified" : "") + "]";
	}

}
