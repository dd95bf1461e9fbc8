package org.botkeeper.github;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.TokenHealth;
import org.botkeeper.sync.TokenKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uses one stored token for the cheapest call that proves it works on its repository,
 * {@code GET /repos/OWNER/REPO} (<a href="https://docs.github.com/en/rest/repos/repos#get-a-repository">get a
 * repository</a>), and reads what GitHub says about it in the answer's headers. Each probe is a
 * connection of its own: a 401 for a bound token must not stop the writer's connection (or the next
 * token's), which the transport's 401 latch would do on a shared one. Its requests still wait in the
 * {@link RequestGate} shared with the writer, so probes and writes stay within GitHub's limits together.
 */
public final class TokenProbe {

	/**
	 * GitHub's answer: the verdict, what the headers told about the token and, when it works, the
	 * token owner's permissions on the repository (the {@code permissions} of the answer).
	 */
	public record Answer(TokenHealth.Verdict verdict, TokenIntrospection introspection,
			Optional<Permissions> permissions) {
	}

	/** The caller's role on the repository as GitHub reports it. */
	public record Permissions(boolean admin, boolean push) {
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final GitHubApi api;

	private final RequestGate gate;

	public TokenProbe(GitHubApi api, GitHubLimits limits, Clock clock, Sleeper sleeper) {
		this(api, new RequestGate(limits, clock, sleeper));
	}

	/** Probes that wait in {@code gate} with every other request this process sends to the API. */
	public TokenProbe(GitHubApi api, RequestGate gate) {
		this.api = api;
		this.gate = gate;
	}

	/**
	 * Probes {@code token} on {@code repository}; rate limits and 5xx are retried by the transport and
	 * then thrown ({@link GitHubException}): those say nothing about the token.
	 */
	public Answer probe(RepositoryName repository, SecretValue token) {
		TokenKind kind = TokenKind.classify(token);
		// A copy: the connection's credential is dropped with the connection, the caller closes its own.
		GitHubConnection connection = GitHubConnection.open(api,
				new PersonalAccessToken(SecretValue.of(token.chars().clone())), gate, GitHubObserver.NONE);
		GitHubRequest request = GitHubRequest.get(
				"/repos/" + PathSegment.encode(repository.owner()) + "/" + PathSegment.encode(repository.repo()),
				"read " + repository + " as its stored token");
		TokenHealth.Verdict verdict;
		Optional<Permissions> permissions = Optional.empty();
		try {
			GitHubResponse response = connection.transport().send(request);
			verdict = TokenHealth.Verdict.WORKS;
			JsonNode node = JSON.readTree(response.body()).path("permissions");
			if (node.isObject()) {
				permissions = Optional.of(new Permissions(node.path("admin").asBoolean(false),
						node.path("push").asBoolean(false) || node.path("admin").asBoolean(false)));
			}
		}
		catch (GitHubUnauthorizedException ex) {
			verdict = TokenHealth.Verdict.REVOKED;
		}
		catch (GitHubNotFoundException | GitHubForbiddenException ex) {
			verdict = TokenHealth.Verdict.NO_ACCESS;
		}
		TokenIntrospection introspection = connection.transport()
			.introspection()
			.orElse(new TokenIntrospection(kind, Optional.empty(), Optional.empty()));
		return new Answer(verdict, introspection, permissions);
	}

	/**
	 * Who {@code token} belongs to, asked as the token itself with {@code GET /user}
	 * (<a href="https://docs.github.com/en/rest/users/users#get-the-authenticated-user">get the authenticated
	 * user</a>, which needs no permission), and what the answer's headers told about it. The login is empty
	 * when GitHub answers 401 (revoked or expired); other failures are thrown as for {@link #probe}.
	 */
	public Owner owner(SecretValue token) {
		TokenKind kind = TokenKind.classify(token);
		GitHubConnection connection = GitHubConnection.open(api,
				new PersonalAccessToken(SecretValue.of(token.chars().clone())), gate, GitHubObserver.NONE);
		Optional<String> login;
		try {
			GitHubResponse response = connection.transport().send(GitHubRequest.get("/user", "ask GitHub whose token this is"));
			login = Optional.of(JSON.readTree(response.body()).path("login").asString()).filter(text -> !text.isBlank());
		}
		catch (GitHubUnauthorizedException ex) {
			login = Optional.empty();
		}
		TokenIntrospection introspection = connection.transport()
			.introspection()
			.orElse(new TokenIntrospection(kind, Optional.empty(), Optional.empty()));
		return new Owner(login, introspection);
	}

	/** Whose token it is (empty: GitHub answered 401) and what the headers told about it. */
	public record Owner(Optional<String> login, TokenIntrospection introspection) {
	}

	/** The classic scopes GitHub reported, or none for tokens that have no scopes. */
	public static Set<String> scopes(TokenIntrospection introspection) {
		return introspection.kind().classic() ? introspection.scopes().orElse(Set.of()) : Set.of();
	}

}
