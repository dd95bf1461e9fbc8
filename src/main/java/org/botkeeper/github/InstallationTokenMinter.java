package org.botkeeper.github;

import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.TokenKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mints a GitHub App installation token limited to one repository and the permissions asked for
 * ({@code POST /app/installations/{id}/access_tokens} with {@code repositories} and {@code permissions},
 * <a href="https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app">create
 * an installation access token</a>), authenticated with the App's RS256 JWT (iat 60 s in the past,
 * exp 9 minutes ahead: {@link AppJwt}). Each mint is a connection of its own, waiting in the shared
 * {@link RequestGate}.
 */
public final class InstallationTokenMinter {

	/** A minted token and when GitHub says it expires; close it to zero the value. */
	public record Minted(SecretValue token, Instant expiresAt) implements AutoCloseable {

		@Override
		public void close() {
			token.close();
		}

		@Override
		public String toString() {
			return "installation token <redacted>, expires " + expiresAt;
		}

	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final GitHubApi api;

	private final RequestGate gate;

	public InstallationTokenMinter(GitHubApi api, GitHubLimits limits, Clock clock, Sleeper sleeper) {
		this(api, new RequestGate(limits, clock, sleeper));
	}

	/** Mints through {@code gate}, with every other request this process sends to the API. */
	public InstallationTokenMinter(GitHubApi api, RequestGate gate) {
		this.api = api;
		this.gate = gate;
	}

	/**
	 * @throws IllegalArgumentException the private key does not parse (the message never quotes it)
	 * @throws GitHubException GitHub refused: 401 for a wrong key or App id, 404 for an installation
	 *         that is not the App's, 422 for permissions or a repository the installation lacks
	 */
	public Minted mint(long appId, SecretValue privateKey, long installationId, RepositoryName repository,
			Map<String, String> permissions) {
		RSAPrivateKey key = AppPrivateKey.parse(privateKey);
		String jwt = "Bearer " + AppJwt.sign(Long.toString(appId), key, gate.clock().instant());
		GitHubConnection connection = GitHubConnection.open(api, new JwtCredential(jwt), gate, GitHubObserver.NONE);
		ObjectNode body = JSON.createObjectNode();
		body.putArray("repositories").add(repository.repo());
		if (!permissions.isEmpty()) {
			ObjectNode requested = body.putObject("permissions");
			permissions.forEach(requested::put);
		}
		GitHubResponse response = connection.transport()
			.send(GitHubRequest
				.of("POST", "/app/installations/" + installationId + "/access_tokens", JSON.writeValueAsString(body),
						"mint an installation token of GitHub App " + appId + " for " + repository)
				.notFoundHint("The App is not installed there (check --installation-id).")
				.secret()
				.authorizedBy(jwt));
		JsonNode answer = JSON.readTree(response.body());
		return new Minted(SecretValue.of(answer.path("token").asString()),
				Instant.parse(answer.path("expires_at").asString()));
	}

	/** The JWT as the connection's credential: only ever sent to the App endpoints. */
	private record JwtCredential(String header) implements GitHubCredential {

		@Override
		public String authorization() {
			return header;
		}

		@Override
		public TokenKind kind() {
			return TokenKind.UNKNOWN;
		}

		@Override
		public String toString() {
			return "GitHub App JWT <redacted>";
		}

	}

}
