package org.botkeeper.github;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.TokenKind;

/** A personal access token (classic or fine-grained) used as a {@code Bearer} credential. */
public final class PersonalAccessToken implements GitHubCredential {

	private final SecretValue token;

	private final TokenKind kind;

	public PersonalAccessToken(SecretValue token) {
		if (token.isEmpty()) {
			throw new IllegalArgumentException("the GitHub token is empty");
		}
		this.token = token;
		this.kind = TokenKind.classify(token);
	}

	@Override
	public String authorization() {
		return "Bearer " + token.reveal();
	}

	@Override
	public TokenKind kind() {
		return kind;
	}

	@Override
	public String toString() {
		return kind.description() + " <redacted>";
	}

}
