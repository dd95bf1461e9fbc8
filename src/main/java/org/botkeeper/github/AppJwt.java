package org.botkeeper.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs the JSON Web Token a GitHub App authenticates with: RS256, {@code iss} the App id,
 * {@code iat} 60 s in the past against clock drift, {@code exp} 9 minutes ahead (GitHub allows at
 * most 10) (<a href="https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app">generating
 * a JWT for a GitHub App</a>).
 */
public final class AppJwt {

	private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

	private AppJwt() {
	}

	public static String sign(String appId, RSAPrivateKey key, Instant now) {
		if (!appId.matches("[0-9A-Za-z._-]{1,64}")) {
			throw new IllegalArgumentException("GitHub App id must be its number or client id, got '" + appId + "'");
		}
		String header = URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String claims = "{\"iat\":" + now.minusSeconds(60).getEpochSecond() + ",\"exp\":"
				+ now.plusSeconds(540).getEpochSecond() + ",\"iss\":\"" + appId + "\"}";
		String signingInput = header + "." + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
		try {
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(key);
			signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
			return signingInput + "." + URL.encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot sign the GitHub App JWT: " + ex.getClass().getSimpleName());
		}
	}

}
