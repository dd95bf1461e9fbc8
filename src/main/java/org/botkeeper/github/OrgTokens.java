package org.botkeeper.github;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.sync.RepositoryName;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An organisation's fine-grained personal access tokens, as an organisation owner's GitHub App sees them
 * (<a href="https://docs.github.com/en/rest/orgs/personal-access-tokens">personal access tokens</a>):
 * the tokens with access to its resources and the pending requests for access, each with its
 * repositories; revoking a token's access and reviewing a request. GitHub lets only GitHub Apps call
 * these, with the organisation permissions "Personal access tokens" and "Personal access token requests".
 */
public final class OrgTokens {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PERMISSIONS_HINT = "Listing and revoking the organisation's fine-grained tokens needs "
			+ "the App's organisation permission 'Personal access tokens' (read to list, read and write to revoke); "
			+ "reviewing requests needs 'Personal access token requests' (read and write). Grant it in the App's "
			+ "settings and accept the new permissions on the installation.";

	/**
	 * A token with access to the organisation (or asking for it: then {@code grantedAt} is when it asked).
	 *
	 * @param id GitHub's {@code pat_id} (a grant) or {@code pat_request_id} (a request)
	 * @param name the token's name ({@code token_name}), as its owner gave it
	 * @param all the token selects all of the owner's repositories ({@code repository_selection} {@code all})
	 * @param repositories the organisation's repositories it selects (every one with {@code all})
	 * @param expiresAt empty: it does not expire
	 * @param lastUsedAt empty: never used (always empty for a request)
	 * @param reason the requester's reason, for a request; else empty
	 */
	public record Token(long id, String owner, long tokenId, String name, boolean all,
			List<RepositoryName> repositories, Instant grantedAt, Optional<Instant> expiresAt,
			Optional<Instant> lastUsedAt, Optional<String> reason) {

		public Token {
			repositories = List.copyOf(repositories);
		}

	}

	private final GitHubTransport github;

	private final String organisation;

	/** @param github a connection as a GitHub App installed on {@code organisation} */
	public OrgTokens(GitHubConnection github, String organisation) {
		this.github = github.transport();
		this.organisation = organisation;
	}

	/** Every fine-grained token with access to the organisation, with its repositories. */
	public List<Token> tokens() {
		return list("personal-access-tokens", "list the fine-grained tokens with access to " + organisation,
				"access_granted_at");
	}

	/** Every pending request for access to the organisation, with the repositories it asks for. */
	public List<Token> requests() {
		return list("personal-access-token-requests", "list the requests for access to " + organisation, "created_at");
	}

	/** Revokes token {@code patId}'s access to the organisation's resources. */
	public void revoke(long patId) {
		github.send(GitHubRequest
			.of("POST", base("personal-access-tokens") + "/" + patId, "{\"action\":\"revoke\"}",
					"revoke fine-grained token " + patId + "'s access to " + organisation)
			.forbiddenHint(PERMISSIONS_HINT));
	}

	/** Approves or denies request {@code requestId}, with {@code reason} shown to its owner. */
	public void review(long requestId, boolean approve, String reason) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("action", approve ? "approve" : "deny");
		body.put("reason", reason.length() > 1024 ? reason.substring(0, 1024) : reason);
		github.send(GitHubRequest
			.of("POST", base("personal-access-token-requests") + "/" + requestId, JSON.writeValueAsString(body),
					(approve ? "approve" : "deny") + " request " + requestId + " for access to " + organisation)
			.forbiddenHint(PERMISSIONS_HINT));
	}

	private List<Token> list(String collection, String action, String grantedField) {
		List<Token> found = new ArrayList<>();
		for (JsonNode node : pages(base(collection), action)) {
			long id = node.path("id").asLong();
			boolean all = node.path("repository_selection").asString("").equals("all");
			List<RepositoryName> repositories = new ArrayList<>();
			for (JsonNode repository : pages(base(collection) + "/" + id + "/repositories",
					"list the repositories of " + (collection.endsWith("requests") ? "request " : "token ") + id)) {
				repositories.add(RepositoryName.parse(repository.path("full_name").asString()));
			}
			found.add(new Token(id, node.path("owner").path("login").asString(""), node.path("token_id").asLong(),
					node.path("token_name").asString(""), all, repositories, instant(node.path(grantedField)).orElseThrow(
							() -> new GitHubException("Cannot " + action + ": GitHub's answer has no " + grantedField + ".", 200)),
					instant(node.path("token_expires_at")), instant(node.path("token_last_used_at")),
					node.path("reason").isString() ? Optional.of(node.path("reason").asString()) : Optional.empty()));
		}
		return found;
	}

	private String base(String collection) {
		return "/orgs/" + PathSegment.encode(organisation) + "/" + collection;
	}

	private static Optional<Instant> instant(JsonNode node) {
		if (!node.isString() || node.asString().isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(java.time.OffsetDateTime.parse(node.asString()).toInstant());
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw new GitHubException("GitHub sent a date botkeeper cannot read ('" + org.botkeeper.failure.Printable
				.of(node.asString(), 40) + "'). Run again; if it persists, GitHub's API may have changed.", 200, ex);
		}
	}

	private List<JsonNode> pages(String path, String action) {
		return ListPages.items(github::send, GitHubRequest.get(path, action).forbiddenHint(PERMISSIONS_HINT));
	}

}
