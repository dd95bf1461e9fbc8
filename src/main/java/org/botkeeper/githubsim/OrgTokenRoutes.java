package org.botkeeper.githubsim;

import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The organisation's view of fine-grained personal access tokens
 * (<a href="https://docs.github.com/en/rest/orgs/personal-access-tokens">GitHub's endpoints</a>):
 * {@code GET|POST /orgs/{org}/personal-access-tokens[/{pat_id}]}, {@code GET .../{pat_id}/repositories},
 * {@code GET|POST /orgs/{org}/personal-access-token-requests[/{pat_request_id}]} and
 * {@code GET .../{pat_request_id}/repositories}. As GitHub documents, only a GitHub App installed on the
 * organisation may call them, with the organisation permission "Personal access tokens" (read to list,
 * write to revoke) or "Personal access token requests" (read to list, write to review); a person's
 * token gets 403.
 */
final class OrgTokenRoutes {

	static final String TOKENS = "organization_personal_access_tokens";

	static final String REQUESTS = "organization_personal_access_token_requests";

	private final SimState state;

	private final SimOrgTokens tokens;

	private final SimAccess access;

	private final String apiBase;

	OrgTokenRoutes(SimState state, SimOrgTokens tokens, SimAccess access, String apiBase) {
		this.state = state;
		this.tokens = tokens;
		this.access = access;
		this.apiBase = apiBase;
	}

	SimResponse serve(SimExchange ex) {
		if (ex.segments().size() < 3 || !ex.segment(0).equals("orgs")
				|| !(ex.segment(2).equals("personal-access-tokens") || ex.segment(2).equals("personal-access-token-requests"))) {
			return null;
		}
		String organisation = ex.segment(1);
		boolean requests = ex.segment(2).equals("personal-access-token-requests");
		String permission = requests ? REQUESTS : TOKENS;
		String level = ex.method().equals("GET") ? "read" : "write";
		SimResponse refused = check(ex, organisation, permission, level);
		if (refused != null) {
			return refused;
		}
		if (ex.is("GET", "orgs", "*", "personal-access-tokens")) {
			ArrayNode list = SimJson.JSON.createArrayNode();
			MembershipRoutes.page(ex, tokens.grants(organisation)).forEach(grant -> list.add(grant(grant)));
			return SimResponse.json(200, list.toString());
		}
		if (ex.is("GET", "orgs", "*", "personal-access-token-requests")) {
			ArrayNode list = SimJson.JSON.createArrayNode();
			MembershipRoutes.page(ex, tokens.requests(organisation)).forEach(request -> list.add(request(request)));
			return SimResponse.json(200, list.toString());
		}
		Optional<Long> id = id(ex);
		if (id.isEmpty()) {
			return SimResponse.notFound();
		}
		if (ex.is("GET", "orgs", "*", "personal-access-tokens", "*", "repositories")) {
			return tokens.grant(organisation, id.get())
				.map(grant -> repositories(ex, organisation, grant.all(), grant.repositories()))
				.orElseGet(SimResponse::notFound);
		}
		if (ex.is("GET", "orgs", "*", "personal-access-token-requests", "*", "repositories")) {
			return tokens.request(organisation, id.get())
				.map(request -> repositories(ex, organisation, request.all(), request.repositories()))
				.orElseGet(SimResponse::notFound);
		}
		JsonNode body;
		try {
			body = SimJson.JSON.readTree(ex.body() == null ? "" : ex.body());
		}
		catch (tools.jackson.core.JacksonException bad) {
			return SimResponse.error(400, "Problems parsing JSON");
		}
		String action = body.path("action").asString("");
		if (ex.is("POST", "orgs", "*", "personal-access-tokens", "*")) {
			if (!action.equals("revoke")) {
				return SimResponse.error(422, "Invalid request.");
			}
			return tokens.revoke(organisation, id.get()) ? SimResponse.empty(204) : SimResponse.notFound();
		}
		if (ex.is("POST", "orgs", "*", "personal-access-token-requests", "*")) {
			if (!action.equals("approve") && !action.equals("deny")) {
				return SimResponse.error(422, "Invalid request.");
			}
			String reason = body.path("reason").isString() ? body.path("reason").asString() : null;
			return tokens.review(organisation, id.get(), action, reason, state.now()) ? SimResponse.empty(204)
					: SimResponse.notFound();
		}
		return null;
	}

	/** Null when the caller is an App installed on {@code organisation} with {@code permission} at {@code level}. */
	private SimResponse check(SimExchange ex, String organisation, String permission, String level) {
		Optional<SimCredentials.TokenInfo> caller = access.caller(ex);
		if (caller.isEmpty()) {
			return SimResponse.notFound();
		}
		SimCredentials.Grant grant = caller.get().grant();
		if (grant.kind() != SimCredentials.Kind.INSTALLATION) {
			// GitHub documents these endpoints for GitHub Apps only.
			return SimResponse.error(403, "Resource not accessible by personal access token");
		}
		if (!grant.account().equalsIgnoreCase(organisation)) {
			return SimResponse.notFound();
		}
		if (!SimCredentials.atLeast(grant.level(permission), level)) {
			return SimResponse.error(403, "Resource not accessible by integration")
				.header("x-accepted-github-permissions", permission + "=" + level);
		}
		return null;
	}

	private static Optional<Long> id(SimExchange ex) {
		if (ex.segments().size() < 4) {
			return Optional.empty();
		}
		try {
			return Optional.of(Long.parseLong(ex.segment(3)));
		}
		catch (NumberFormatException notAnId) {
			return Optional.empty();
		}
	}

	private SimResponse repositories(SimExchange ex, String organisation, boolean all, List<String> names) {
		List<SimRepository> selected = state.repositories().stream()
			.filter(repository -> repository.owner().equalsIgnoreCase(organisation))
			.filter(repository -> all || names.stream().anyMatch(name -> name.equalsIgnoreCase(repository.fullName())))
			.sorted(java.util.Comparator.comparing(SimRepository::fullName))
			.toList();
		ArrayNode list = SimJson.JSON.createArrayNode();
		MembershipRoutes.page(ex, selected).forEach(repository -> list.add(SimRepositoryJson.minimal(apiBase, repository)));
		return SimResponse.json(200, list.toString());
	}

	private ObjectNode grant(SimOrgTokens.Grant grant) {
		ObjectNode node = common(grant.id(), grant.organisation(), grant.owner(), grant.all(), "personal-access-tokens",
				grant.tokenId(), grant.tokenName(), grant.expiresAt(), grant.lastUsedAt());
		node.put("access_granted_at", grant.grantedAt().toString());
		return node;
	}

	private ObjectNode request(SimOrgTokens.Request request) {
		ObjectNode node = common(request.id(), request.organisation(), request.owner(), request.all(),
				"personal-access-token-requests", request.tokenId(), request.tokenName(), request.expiresAt(), null);
		node.put("reason", request.reason());
		node.put("created_at", request.createdAt().toString());
		return node;
	}

	private ObjectNode common(long id, String organisation, String owner, boolean all, String collection, long tokenId,
			String tokenName, java.time.Instant expiresAt, java.time.Instant lastUsedAt) {
		ObjectNode node = SimJson.JSON.createObjectNode();
		node.put("id", id);
		node.set("owner", SimJson.simpleUser(apiBase, owner, Math.abs((long) owner.toLowerCase(java.util.Locale.ROOT)
			.hashCode()), "User"));
		node.put("repository_selection", all ? "all" : "subset");
		node.put("repositories_url", apiBase + "/orgs/" + organisation + "/" + collection + "/" + id + "/repositories");
		ObjectNode permissions = node.putObject("permissions");
		permissions.putObject("organization");
		permissions.putObject("repository").put("contents", "write").put("metadata", "read");
		permissions.putObject("other");
		node.put("token_id", tokenId);
		node.put("token_name", tokenName);
		node.put("token_expired", expiresAt != null && !state.now().isBefore(expiresAt));
		node.put("token_expires_at", expiresAt == null ? null : expiresAt.toString());
		node.put("token_last_used_at", lastUsedAt == null ? null : lastUsedAt.toString());
		return node;
	}

}
