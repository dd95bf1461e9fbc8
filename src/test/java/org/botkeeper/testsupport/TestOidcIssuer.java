package org.botkeeper.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * GitHub Actions' OIDC token issuer, on this machine: serves {@code /.well-known/openid-configuration}
 * and its JWKS (an RSA key made at start) on 127.0.0.1, and signs RS256 tokens with the claims
 * GitHub puts in a job's token, so the real Vault/OpenBao JWT auth method validates them as it would
 * GitHub's. Tests change claims (another repository id, no environment, an expired token) to check
 * what the server refuses.
 *
 * @see <a href="https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect">GitHub's
 *     OIDC token and its claims</a>
 */
public final class TestOidcIssuer implements AutoCloseable {

	private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final KeyPair keys;

	private final String keyId = UUID.randomUUID().toString();

	private TestOidcIssuer(HttpServer server, KeyPair keys) {
		this.server = server;
		this.keys = keys;
	}

	/** Starts an issuer on a free port of 127.0.0.1 (Vault, on this machine too, fetches its discovery). */
	public static TestOidcIssuer start() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			TestOidcIssuer issuer = new TestOidcIssuer(server, generator.generateKeyPair());
			server.createContext("/.well-known/openid-configuration", exchange -> issuer.send(exchange, issuer.discovery()));
			server.createContext("/.well-known/jwks", exchange -> issuer.send(exchange, issuer.jwks()));
			server.start();
			return issuer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The issuer, as in the tokens' {@code iss} and Vault's {@code oidc_discovery_url}: no trailing slash. */
	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	/**
	 * The claims GitHub gives a job of {@code repository} (OWNER/REPO) on main, valid for 5 minutes from
	 * now; {@code environment} null for a job that names none (then {@code sub} names the ref, as GitHub's
	 * does). Mutable: tests change or remove claims before {@link #sign}.
	 */
	public Map<String, Object> claims(String repository, long repositoryId, long ownerId, String environment,
			String audience) {
		String owner = repository.substring(0, repository.indexOf('/'));
		long now = Instant.now().getEpochSecond();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("jti", UUID.randomUUID().toString());
		claims.put("iss", url());
		claims.put("aud", audience);
		claims.put("sub", "repo:" + repository + (environment == null ? ":ref:refs/heads/main" : ":environment:" + environment));
		claims.put("ref", "refs/heads/main");
		claims.put("ref_type", "branch");
		claims.put("repository", repository);
		claims.put("repository_id", Long.toString(repositoryId));
		claims.put("repository_owner", owner);
		claims.put("repository_owner_id", Long.toString(ownerId));
		if (environment != null) {
			claims.put("environment", environment);
		}
		claims.put("job_workflow_ref", repository + "/.github/workflows/deploy.yml@refs/heads/main");
		claims.put("event_name", "push");
		claims.put("iat", now);
		claims.put("nbf", now);
		claims.put("exp", now + Duration.ofMinutes(5).toSeconds());
		return claims;
	}

	/**
	 * Serves the runner's OIDC token request, as a GitHub Actions job sees it at
	 * {@code ACTIONS_ID_TOKEN_REQUEST_URL}: {@code GET URL&audience=AUD} with {@code Authorization: bearer
	 * REQUEST_TOKEN} answers {@code {"value": JWT}}, the JWT signed for {@code claims} with {@code aud} set to
	 * the requested audience; any other bearer gets 401. Returns that URL (with a query, as GitHub's has); a
	 * second call replaces the first.
	 */
	public String serveActionsToken(String requestToken, Map<String, Object> claims) {
		try {
			server.removeContext("/actions-token");
		}
		catch (IllegalArgumentException ex) {
			// not served yet
		}
		server.createContext("/actions-token", exchange -> {
			String query = exchange.getRequestURI().getRawQuery();
			String audience = query == null ? null : java.util.Arrays.stream(query.split("&"))
				.filter(pair -> pair.startsWith("audience="))
				.map(pair -> java.net.URLDecoder.decode(pair.substring(9), StandardCharsets.UTF_8))
				.findFirst().orElse(null);
			if (!("bearer " + requestToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				exchange.sendResponseHeaders(401, -1);
				exchange.close();
				return;
			}
			Map<String, Object> signed = new LinkedHashMap<>(claims);
			if (audience != null) {
				signed.put("aud", audience);
			}
			send(exchange, Map.of("value", sign(signed)));
		});
		return url() + "/actions-token?api-version=2.0";
	}

	/** The signed token (RS256, this issuer's key), planted as a leak canary: it is a credential. */
	public String sign(Map<String, Object> claims) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("alg", "RS256");
		header.put("typ", "JWT");
		header.put("kid", keyId);
		String input = encode(header) + "." + encode(claims);
		try {
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(keys.getPrivate());
			signature.update(input.getBytes(StandardCharsets.US_ASCII));
			return LeakCanaries.plant(input + "." + URL.encodeToString(signature.sign()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(Map<String, Object> json) {
		return URL.encodeToString(JSON.writeValueAsBytes(json));
	}

	private Map<String, Object> discovery() {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("issuer", url());
		document.put("jwks_uri", url() + "/.well-known/jwks");
		document.put("subject_types_supported", List.of("public", "pairwise"));
		document.put("response_types_supported", List.of("id_token"));
		document.put("claims_supported", List.of("sub", "aud", "exp", "iat", "iss", "jti", "nbf", "ref", "repository",
				"repository_id", "repository_owner", "repository_owner_id", "environment", "job_workflow_ref"));
		document.put("id_token_signing_alg_values_supported", List.of("RS256"));
		document.put("scopes_supported", List.of("openid"));
		return document;
	}

	private Map<String, Object> jwks() {
		RSAPublicKey key = (RSAPublicKey) keys.getPublic();
		Map<String, Object> jwk = new LinkedHashMap<>();
		jwk.put("kty", "RSA");
		jwk.put("alg", "RS256");
		jwk.put("use", "sig");
		jwk.put("kid", keyId);
		jwk.put("n", unsigned(key.getModulus()));
		jwk.put("e", unsigned(key.getPublicExponent()));
		return Map.of("keys", List.of(jwk));
	}

	/** A JWK number: big-endian bytes without the sign byte BigInteger adds. */
	private static String unsigned(BigInteger value) {
		byte[] bytes = value.toByteArray();
		int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
		return URL.encodeToString(java.util.Arrays.copyOfRange(bytes, start, bytes.length));
	}

	private void send(HttpExchange exchange, Map<String, Object> body) throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
