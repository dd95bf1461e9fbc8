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

}
