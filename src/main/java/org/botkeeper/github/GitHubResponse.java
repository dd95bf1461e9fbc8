package org.botkeeper.github;

import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * A successful answer. {@code notModified} says GitHub answered 304 to a conditional request (which
 * costs no primary rate-limit point): the body then came from the client's cache, or is null when the
 * request named a {@link GitHubRequest#knownEtag()} and nothing was cached (the caller knows what that
 * ETag stands for). {@code etag} is the ETag this body goes with, when GitHub gave one.
 */
public record GitHubResponse(int status, HttpHeaders headers, String body, boolean notModified,
		Optional<String> etag) {

	/** True for a 304 to a {@link GitHubRequest#knownEtag()}: unchanged, and no body to read. */
	public boolean unchangedSinceKnown() {
		return notModified && body == null;
	}

	@Override
	public String toString() {
		return "GitHubResponse[" + status + (notModified ? ", not modified" : "") + "]";
	}

}
