package org.botkeeper.github;

import org.botkeeper.crypto.SecretValue;

/**
 * What kind of GitHub token a value is, from its documented prefix
 * (<a href="https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/">token
 * formats</a>). Only the kind is ever recorded, never the token.
 */
public enum TokenKind {

	FINE_GRAINED_PAT("github_pat_", "fine-grained personal access token"),
	CLASSIC_PAT("ghp_", "classic personal access token"),
	OAUTH("gho_", "OAuth access token"),
	USER_TO_SERVER("ghu_", "GitHub App user access token"),
	INSTALLATION("ghs_", "GitHub App installation token"),
	REFRESH("ghr_", "GitHub App refresh token"),
	UNKNOWN("", "token of unknown kind");

	private final String prefix;

	private final String description;

	TokenKind(String prefix, String description) {
		this.prefix = prefix;
		this.description = description;
	}

	public static TokenKind of(SecretValue token) {
		for (TokenKind kind : values()) {
			if (kind != UNKNOWN && token.startsWith(kind.prefix)) {
				return kind;
			}
		}
		return UNKNOWN;
	}

	public String prefix() {
		return prefix;
	}

	public String description() {
		return description;
	}

}
