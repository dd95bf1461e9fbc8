package org.botkeeper.github;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.botkeeper.sync.TokenKind;

/**
 * What GitHub tells about the token in use, never the token itself: its kind (from its prefix),
 * the expiry GitHub reports in {@code github-authentication-token-expiration} (tokens with an
 * expiry), and the classic scopes in {@code x-oauth-scopes}
 * (<a href="https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api">troubleshooting</a>,
 * <a href="https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps">scopes</a>).
 *
 * @param expirationText the header as GitHub sent it, e.g. {@code 2026-12-01 00:00:00 UTC}
 * @param scopes classic scopes; empty when the header is absent or empty
 */
public record TokenIntrospection(TokenKind kind, Optional<String> expirationText, Optional<Set<String>> scopes) {

	private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss [z][Z][XXX]");

	static TokenIntrospection of(TokenKind kind, HttpHeaders headers) {
		Optional<String> expiration = headers.firstValue("github-authentication-token-expiration").map(String::strip);
		Optional<Set<String>> scopes = headers.firstValue("x-oauth-scopes")
			.map(text -> Arrays.stream(text.split(","))
				.map(String::strip)
				.filter(scope -> !scope.isEmpty())
				.collect(Collectors.toUnmodifiableSet()));
		return new TokenIntrospection(kind, expiration, scopes);
	}

	/** The expiry as an instant, when GitHub sent one that parses. */
	public Optional<Instant> expiresAt() {
		return expirationText.flatMap(text -> {
			try {
				return Optional.of(ZonedDateTime.parse(text, EXPIRATION).toInstant());
			}
			catch (DateTimeParseException ex) {
				return Optional.empty();
			}
		});
	}

}
