package org.botkeeper.github;

/**
 * One REST call: method, encoded path below the API base, optional JSON body, and the words for a
 * person: {@code action} completes "Cannot ...", {@code notFoundHint} explains a 404 and
 * {@code forbiddenHint} a 403 here (what role or permission this endpoint needs).
 * {@code secretEndpoint} keeps GitHub's error text out of messages for endpoints that carry secrets.
 * {@code authorization}, when set, replaces the connection's credential (the App JWT uses it).
 * {@code knownEtag}, when set, is an ETag from an earlier process (kept in the ledger) that this GET
 * sends when nothing is cached for the URL: a 304 to it comes back without a body.
 */
public record GitHubRequest(String method, String path, String jsonBody, String action, String notFoundHint,
		boolean secretEndpoint, String authorization, String forbiddenHint, String knownEtag) {

	public static GitHubRequest get(String path, String action) {
		return new GitHubRequest("GET", path, null, action, null, false, null, null, null);
	}

	public static GitHubRequest of(String method, String path, String jsonBody, String action) {
		return new GitHubRequest(method, path, jsonBody, action, null, false, null, null, null);
	}

	public GitHubRequest notFoundHint(String hint) {
		return new GitHubRequest(method, path, jsonBody, action, hint, secretEndpoint, authorization, forbiddenHint,
				knownEtag);
	}

	/** What a 403 here means: the role or permission GitHub asks for this endpoint, in a person's words. */
	public GitHubRequest forbiddenHint(String hint) {
		return new GitHubRequest(method, path, jsonBody, action, notFoundHint, secretEndpoint, authorization, hint,
				knownEtag);
	}

	public GitHubRequest secret() {
		return new GitHubRequest(method, path, jsonBody, action, notFoundHint, true, authorization, forbiddenHint,
				knownEtag);
	}

	public GitHubRequest authorizedBy(String header) {
		return new GitHubRequest(method, path, jsonBody, action, notFoundHint, secretEndpoint, header, forbiddenHint,
				knownEtag);
	}

	/** Asks "still {@code etag}?" when the transport has nothing cached for this URL (empty: asks nothing). */
	public GitHubRequest ifNoneMatch(java.util.Optional<String> etag) {
		return new GitHubRequest(method, path, jsonBody, action, notFoundHint, secretEndpoint, authorization,
				forbiddenHint, etag.orElse(null));
	}

	/** The same request for {@code otherPath} (another page of a list, {@link ListPages}). */
	GitHubRequest atPath(String otherPath) {
		return new GitHubRequest(method, otherPath, jsonBody, action, notFoundHint, secretEndpoint, authorization,
				forbiddenHint, knownEtag);
	}

	/** True for requests GitHub counts as mutating (paced one at a time). */
	public boolean mutating() {
		return !method.equals("GET") && !method.equals("HEAD");
	}

	@Override
	public String toString() {
		// Never the body (it may hold a sealed secret) or the authorization.
		return method + " " + path;
	}

}
