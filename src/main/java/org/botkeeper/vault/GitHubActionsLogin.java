package org.botkeeper.vault;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.botkeeper.config.ClearText;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broker's login from a GitHub Actions job, with no stored Vault credential: the job's OIDC token,
 * requested from the runner's endpoint ({@code ACTIONS_ID_TOKEN_REQUEST_URL} with the bearer
 * {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}, which GitHub sets only for jobs with
 * {@code permissions: id-token: write}), is exchanged at Vault's JWT auth method for a token of the
 * broker role named by {@code BOTKEEPER_VAULT_JWT_ROLE}. Chosen only when that variable is set and
 * {@code VAULT_TOKEN} (or {@code BAO_TOKEN}) is not: an explicit token always wins.
 *
 * @see <a href="https://docs.github.com/en/actions/reference/security/oidc#methods-for-requesting-the-oidc-token">GitHub's
 *     OIDC token request</a>
 */
public final class GitHubActionsLogin {

	static final String ROLE = "BOTKEEPER_VAULT_JWT_ROLE";

	static final String MOUNT = "BOTKEEPER_VAULT_JWT_MOUNT";

	static final String AUDIENCE = "BOTKEEPER_VAULT_JWT_AUDIENCE";

	private GitHubActionsLogin() {
	}

	/** Whether {@code env} asks for this login: a JWT role, and no token given outright. */
	public static boolean chosen(Map<String, String> env) {
		Map<String, String> resolved = OpenBaoNames.resolve(env);
		return present(env.get(ROLE)) && !present(resolved.get("VAULT_TOKEN"));
	}

	/**
	 * Requests the job's token and logs in with it now, so that a refusal stops the command before it
	 * plans anything; the JWT goes to Vault once and is not kept.
	 */
	public static VaultConnection open(Map<String, String> env) {
		VaultSettings settings = VaultSettings.forLogin(env);
		String role = env.get(ROLE).strip();
		String mount = valueOr(env.get(MOUNT), "github-actions").replaceAll("^/+|/+$", "");
		SecretValue jwt = requestToken(env, valueOr(env.get(AUDIENCE), "botkeeper"));
		return VaultConnection.loginWithJwt(settings, mount, role, jwt);
	}

	/** Asks the runner for the job's OIDC token for {@code audience}; the answer is {@code {"value": JWT}}. */
	static SecretValue requestToken(Map<String, String> env, String audience) {
		String url = env.get("ACTIONS_ID_TOKEN_REQUEST_URL");
		String bearer = env.get("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
		if (!present(url) || !present(bearer)) {
			throw UserFacingException.badInput(ROLE + " is set, but ACTIONS_ID_TOKEN_REQUEST_URL and "
					+ "ACTIONS_ID_TOKEN_REQUEST_TOKEN are not: botkeeper is not running in a GitHub Actions job with "
					+ "'permissions: id-token: write'. Add that permission to the job, or set VAULT_TOKEN instead.");
		}
		URI endpoint;
		try {
			// GitHub's URL already has a query (api-version=...); the audience is one more parameter.
			endpoint = URI.create(url.strip() + (url.contains("?") ? "&" : "?") + "audience="
					+ URLEncoder.encode(audience, StandardCharsets.UTF_8));
			if (endpoint.getHost() == null) {
				throw new IllegalArgumentException("no host");
			}
		}
		catch (IllegalArgumentException ex) {
			throw UserFacingException.badInput("ACTIONS_ID_TOKEN_REQUEST_URL is not a URL.");
		}
		if (!ClearText.allowed(endpoint)) {
			throw UserFacingException.badInput(ClearText.refusal("ACTIONS_ID_TOKEN_REQUEST_URL", endpoint));
		}
		String where = endpoint.getScheme() + "://" + endpoint.getAuthority() + endpoint.getPath();
		HttpResponse<String> response;
		try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
			response = client.send(HttpRequest.newBuilder(endpoint)
				.timeout(Duration.ofSeconds(30))
				.header("Authorization", "bearer " + bearer.strip())
				.header("Accept", "application/json")
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new VaultException("Cannot log in to Vault: the GitHub Actions OIDC token could not be requested "
					+ "from " + where + " (" + ex.getClass().getSimpleName() + ").", 0, null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new java.util.concurrent.CancellationException("interrupted while requesting the OIDC token");
		}
		if (response.statusCode() != 200) {
			throw new VaultException("Cannot log in to Vault: the GitHub Actions OIDC token endpoint " + where
					+ " answered " + response.statusCode() + " (ACTIONS_ID_TOKEN_REQUEST_TOKEN is only valid in the "
					+ "job it was issued to, while that job runs).", 0, null);
		}
		String value;
		try {
			// Built here, not in a static field: every Vault command asks chosen(), and the short ones
			// (totp, account password) must not load Jackson's databind to answer that (StartupTrainingTests).
			JsonNode body = JsonMapper.builder().build().readTree(response.body());
			value = body.path("value").asString("");
		}
		catch (JacksonException ex) {
			value = "";
		}
		if (value.isBlank()) {
			throw new VaultException("Cannot log in to Vault: the GitHub Actions OIDC token endpoint " + where
					+ " answered without a token.", 0, null);
		}
		return SecretValue.of(value);
	}

	private static boolean present(String value) {
		return value != null && !value.isBlank();
	}

	private static String valueOr(String value, String otherwise) {
		return present(value) ? value.strip() : otherwise;
	}

}
