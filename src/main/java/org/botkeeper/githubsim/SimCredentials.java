package org.botkeeper.githubsim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call the simulator: registered tokens (PATs), GitHub Apps (verified RS256 JWTs with
 * GitHub's 10-minute bound) and the installation tokens they mint, which expire.
 */
public final class SimCredentials {

	/** A token the simulator accepts, with the headers GitHub would send about it. */
	public record TokenInfo(String kind, Instant expiresAt, String scopes) {
	}

	/** What an installation token was minted for: repository names (empty: all) and permissions. */
	public record InstallationScope(String appId, long installationId, List<String> repositories,
			Map<String, String> permissions, Instant expiresAt) {
	}

	private final Map<String, InstallationScope> scopes = new ConcurrentHashMap<>();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final Map<String, TokenInfo> tokens = new ConcurrentHashMap<>();

	private final Map<String, RSAPublicKey> apps = new ConcurrentHashMap<>();

	private final Map<Long, String> installations = new ConcurrentHashMap<>();

	private volatile Duration installationTokenLifetime = Duration.ofHours(1);

	SimCredentials(Clock clock) {
		this.clock = clock;
	}

	/** Accepts {@code token}; {@code expiresAt} and {@code scopes} may be null. */
	public void allowToken(String token, Instant expiresAt, String scopes) {
		tokens.put(token, new TokenInfo(token.startsWith("ghp_") ? "classic" : "other", expiresAt, scopes));
	}

	public void revokeToken(String token) {
		tokens.remove(token);
	}

	public void registerApp(String appId, RSAPublicKey publicKey, long installationId) {
		apps.put(appId, publicKey);
		installations.put(installationId, appId);
	}

	public void installationTokenLifetime(Duration lifetime) {
		installationTokenLifetime = lifetime;
	}

	/** The token's record when it is known and not expired. */
	Optional<TokenInfo> token(String token) {
		TokenInfo info = tokens.get(token);
		if (info == null || info.expiresAt() != null && !clock.instant().isBefore(info.expiresAt())) {
			return Optional.empty();
		}
		return Optional.of(info);
	}

	/** The App id a valid JWT is signed for, else empty. */
	Optional<String> verifyJwt(String jwt) {
		String[] parts = jwt.split("\\.");
		if (parts.length != 3) {
			return Optional.empty();
		}
		try {
			Base64.Decoder url = Base64.getUrlDecoder();
			JsonNode header = JSON.readTree(url.decode(parts[0]));
			JsonNode claims = JSON.readTree(url.decode(parts[1]));
			String appId = claims.path("iss").asString();
			RSAPublicKey key = apps.get(appId);
			if (key == null || !"RS256".equals(header.path("alg").asString())) {
				return Optional.empty();
			}
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initVerify(key);
			signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
			if (!signature.verify(url.decode(parts[2]))) {
				return Optional.empty();
			}
			long now = clock.instant().getEpochSecond();
			long iat = claims.path("iat").asLong();
			long exp = claims.path("exp").asLong();
			// GitHub: exp no more than 10 minutes into the future; iat not in the future.
			if (iat > now + 60 || exp <= now || exp - now > 600) {
				return Optional.empty();
			}
			return Optional.of(appId);
		}
		catch (RuntimeException | GeneralSecurityException ex) {
			return Optional.empty();
		}
	}

	/** The scope an installation token was minted with; empty for other tokens. */
	public Optional<InstallationScope> installationScope(String token) {
		return Optional.ofNullable(scopes.get(token));
	}

	/** Mints an installation token limited as asked, or empty when the installation is not the App's. */
	Optional<Map.Entry<String, Instant>> mintInstallationToken(String appId, long installationId,
			List<String> repositories, Map<String, String> permissions) {
		Optional<Map.Entry<String, Instant>> minted = mintInstallationToken(appId, installationId);
		minted.ifPresent(token -> scopes.put(token.getKey(), new InstallationScope(appId, installationId,
				List.copyOf(repositories), Map.copyOf(permissions), token.getValue())));
		return minted;
	}

	/** Mints an installation token, or empty when the installation is not the App's. */
	Optional<Map.Entry<String, Instant>> mintInstallationToken(String appId, long installationId) {
		if (!appId.equals(installations.get(installationId))) {
			return Optional.empty();
		}
		StringBuilder token = new StringBuilder("ghs_");
		for (int i = 0; i < 36; i++) {
			token.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
		}
		Instant expiresAt = clock.instant().plus(installationTokenLifetime);
		tokens.put(token.toString(), new TokenInfo("installation", expiresAt, null));
		return Optional.of(Map.entry(token.toString(), expiresAt));
	}

}
