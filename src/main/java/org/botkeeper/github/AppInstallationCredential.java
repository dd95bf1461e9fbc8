package org.botkeeper.github;

import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import org.botkeeper.sync.TokenKind;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes as a GitHub App installation: mints an installation token with the App's JWT
 * ({@code POST /app/installations/{id}/access_tokens},
 * <a href="https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app">create
 * an installation access token</a>) and reuses it until five minutes before it expires (they live
 * an hour).
 */
public final class AppInstallationCredential implements GitHubCredential {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

	private final String appId;

	private final RSAPrivateKey privateKey;

	private final long installationId;

	private final Clock clock;

	private Function<GitHubRequest, GitHubResponse> transport;

	private String token;

	private Instant expiresAt = Instant.MIN;

	private long minted;

	public AppInstallationCredential(String appId, RSAPrivateKey privateKey, long installationId, Clock clock) {
		this.appId = appId;
		this.privateKey = privateKey;
		this.installationId = installationId;
		this.clock = clock;
	}

	/** Binds the transport the tokens are minted through (the same one they are then used on). */
	void mintThrough(Function<GitHubRequest, GitHubResponse> transport) {
		this.transport = transport;
	}

	@Override
	public synchronized String authorization() {
		if (token == null || !clock.instant().isBefore(expiresAt.minus(REFRESH_BEFORE_EXPIRY))) {
			mint();
		}
		return "Bearer " + token;
	}

	private void mint() {
		String jwt = AppJwt.sign(appId, privateKey, clock.instant());
		GitHubResponse response = transport.apply(GitHubRequest
			.of("POST", "/app/installations/" + installationId + "/access_tokens", null,
					"mint an installation token for GitHub App " + appId + " installation " + installationId)
			.notFoundHint("The App is not installed there (check the installation id).")
			.secret()
			.authorizedBy("Bearer " + jwt));
		try {
			JsonNode body = JSON.readTree(response.body());
			String fresh = body.path("token").asString();
			Instant expiry = Instant.parse(body.path("expires_at").asString());
			if (fresh == null || fresh.isBlank()) {
				throw new IllegalArgumentException("no token");
			}
			token = fresh;
			expiresAt = expiry;
		}
		catch (tools.jackson.core.JacksonException | java.time.DateTimeException | IllegalArgumentException ex) {
			// The cause's text is left out: it can quote the body, which holds the token.
			throw new GitHubException("Cannot mint an installation token for GitHub App " + appId + " installation "
					+ installationId + ": GitHub's answer does not have the documented shape (" + ex.getClass().getSimpleName()
					+ "). Run again; if it persists, GitHub's API may have changed.", 201);
		}
		minted++;
	}

	/** How many installation tokens were minted so far. */
	public synchronized long tokensMinted() {
		return minted;
	}

	@Override
	public TokenKind kind() {
		return TokenKind.INSTALLATION;
	}

	/** The installation: every token minted for it spends the same primary quota. */
	@Override
	public String rateLimitIdentity() {
		return "installation " + installationId;
	}

	@Override
	public String toString() {
		return "GitHub App " + appId + " installation " + installationId + " <redacted>";
	}

}
