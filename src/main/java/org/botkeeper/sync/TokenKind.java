package org.botkeeper.sync;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.botkeeper.crypto.SecretValue;

/**
 * The kinds of GitHub token, told apart by their prefix: strictly ({@link #of}) so that a value which
 * is not a GitHub token (a password pasted into the wrong prompt, a truncated copy) is refused before
 * it is stored, and leniently ({@link #classify}) to tell what a credential in use is. Only the kind
 * is ever recorded, never the token.
 *
 * @see <a href="https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/">GitHub's token formats</a>
 */
public enum TokenKind {

	FINE_GRAINED_PAT("github_pat_", "fine-grained personal access token"),
	CLASSIC_PAT("ghp_", "classic personal access token"),
	OAUTH("gho_", "OAuth access token"),
	USER_TO_SERVER("ghu_", "GitHub App user-to-server token"),
	INSTALLATION("ghs_", "GitHub App installation token"),
	REFRESH("ghr_", "GitHub App refresh token"),
	UNKNOWN("", "token of unknown kind");

	private final String prefix;

	private final String description;

	TokenKind(String prefix, String description) {
		this.prefix = prefix;
		this.description = description;
	}

	public String prefix() {
		return prefix;
	}

	public String description() {
		return description;
	}

	/** Every prefix known, for messages: "ghp_, github_pat_, ...". */
	public static String knownPrefixes() {
		return String.join(", ", known().stream().map(TokenKind::prefix).toList());
	}

	/** The kind of a credential from its prefix alone, {@link #UNKNOWN} when none matches. */
	public static TokenKind classify(SecretValue token) {
		return known().stream().filter(kind -> token.startsWith(kind.prefix)).findFirst().orElse(UNKNOWN);
	}

	/** True for a classic personal access token, the only kind with OAuth scopes ({@code x-oauth-scopes}). */
	public boolean classic() {
		return this == CLASSIC_PAT;
	}

	/**
	 * The kind of {@code value}, when it has a known prefix followed by at least 20 characters of
	 * {@code [A-Za-z0-9_]} and nothing else (no spaces, no line breaks), at most 255 characters in all.
	 */
	public static Optional<TokenKind> of(char[] value) {
		for (TokenKind kind : known()) {
			if (startsWith(value, kind.prefix) && value.length >= kind.prefix.length() + 20 && value.length <= 255
					&& tokenChars(value)) {
				return Optional.of(kind);
			}
		}
		return Optional.empty();
	}

	static List<TokenKind> known() {
		return Arrays.stream(values()).filter(kind -> kind != UNKNOWN).toList();
	}

	private static boolean startsWith(char[] value, String prefix) {
		if (value.length < prefix.length()) {
			return false;
		}
		for (int i = 0; i < prefix.length(); i++) {
			if (value[i] != prefix.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static boolean tokenChars(char[] value) {
		for (char c : value) {
			if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
				return false;
			}
		}
		return true;
	}

}
