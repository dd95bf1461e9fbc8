package org.botkeeper.github;

import org.botkeeper.sync.TokenKind;

/**
 * What the client writes to GitHub as: an admin personal access token, or a GitHub App installation
 * (<a href="https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api">authenticating
 * to the REST API</a>). Implementations never show the token in {@code toString()}.
 */
public interface GitHubCredential {

	/** The value of the {@code Authorization} header for the next request. */
	String authorization();

	/** The kind of token sent, for introspection and messages. */
	TokenKind kind();

	/**
	 * Whose primary rate limit the requests spend: GitHub keeps it per user or App installation, not per
	 * token. This default tells tokens apart by a digest of the header (never the token itself), which is
	 * right for a PAT: botkeeper cannot know which of a person's tokens belong together.
	 */
	default String rateLimitIdentity() {
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
				.digest(authorization().getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return "token " + java.util.HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
