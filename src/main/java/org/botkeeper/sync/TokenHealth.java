package org.botkeeper.sync;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What GitHub said when a stored token was last used on its own repository ({@code botkeeper token
 * check}): whether it works, its kind, the expiry GitHub reports and, for classic tokens, its scopes.
 * Never the value. It describes exactly one KV version of the token record: a newer version is
 * unchecked until the next check.
 *
 * @param version the KV version of the token record that was checked
 * @param recordUpdatedAt Vault's {@code updated_time} of that record when it was checked: a record
 *        deleted and stored again restarts at version 1, and this tells the two apart
 * @param expiresAt from GitHub's {@code github-authentication-token-expiration} header, if sent
 * @param scopes classic scopes from {@code x-oauth-scopes}; empty for other kinds
 * @param excessScopes the scopes beyond what a bot token needs (classic tokens only)
 */
public record TokenHealth(long version, Optional<Instant> recordUpdatedAt, Verdict verdict, TokenKind kind, Optional<Instant> expiresAt,
		Set<String> scopes, Set<String> excessScopes, Instant checkedAt) {

	/** How GitHub answered {@code GET /repos/OWNER/REPO} as the token. */
	public enum Verdict {

		WORKS("the token works on its repository"),
		REVOKED("GitHub returned 401: the token is revoked, expired or wrong. Store a new one with 'botkeeper token put'"),
		NO_ACCESS("GitHub returned 403/404 for the repository as this token: it lacks access. Give the bot access to "
				+ "the repository or store a token that has it");

		private final String sentence;

		Verdict(String sentence) {
			this.sentence = sentence;
		}

		public String sentence() {
			return sentence;
		}

	}

	/** The classic scopes a bot token needs by default; narrower is fine, broader is flagged. */
	public static final Set<String> NEEDED_SCOPES = Set.of("repo", "workflow");

	public TokenHealth {
		if (recordUpdatedAt == null || verdict == null || kind == null || expiresAt == null || checkedAt == null) {
			throw new IllegalArgumentException("verdict, kind, expiresAt (maybe empty) and checkedAt are required");
		}
		scopes = Set.copyOf(scopes);
		excessScopes = Set.copyOf(excessScopes);
	}

	/**
	 * The scopes in {@code granted} that {@code needed} does not cover. A scope is covered when needed
	 * itself, when it is a sub-scope of a needed one ({@code repo:status} under {@code repo}), or
	 * {@code public_repo} when {@code repo} is needed.
	 */
	public static Set<String> excess(Set<String> granted, Set<String> needed) {
		Set<String> excess = new TreeSet<>();
		for (String scope : granted) {
			String normalised = scope.strip().toLowerCase(Locale.ROOT);
			boolean covered = needed.contains(normalised)
					|| normalised.contains(":") && needed.contains(normalised.substring(0, normalised.indexOf(':')))
					|| normalised.equals("public_repo") && needed.contains("repo");
			if (!covered && !normalised.isEmpty()) {
				excess.add(normalised);
			}
		}
		return excess;
	}

	/** True when this check is about the record as it is now (same version, same Vault update time). */
	public boolean describes(long recordVersion, Instant currentUpdatedAt) {
		return version == recordVersion && recordUpdatedAt.equals(Optional.ofNullable(currentUpdatedAt));
	}

	public boolean healthy() {
		return verdict == Verdict.WORKS && excessScopes.isEmpty();
	}

}
