package org.botkeeper.githubsim;

import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rest of what botkeeper asks GitHub: App installation tokens, the bot's repository
 * invitations, a repository with the caller's permissions, and default-branch protection.
 */
final class AccountRoutes {

	private final SimState state;

	private final SimCredentials credentials;

	private final String apiBase;

	AccountRoutes(SimState state, SimCredentials credentials, String apiBase) {
		this.state = state;
		this.credentials = credentials;
		this.apiBase = apiBase;
	}

	SimResponse serve(SimExchange ex) {
		if (ex.is("POST", "app", "installations", "*", "access_tokens")) {
			long installation = Long.parseLong(ex.segment(2));
			return credentials.mintInstallationToken(ex.caller(), installation).map(token -> {
				ObjectNode node = SimJson.JSON.createObjectNode();
				node.put("token", token.getKey());
				node.put("expires_at", SimJson.time(token.getValue()));
				node.putObject("permissions").put("secrets", "write").put("environments", "write");
				node.put("repository_selection", "all");
				return SimResponse.json(201, node.toString());
			}).orElseGet(SimResponse::notFound);
		}
		if (ex.is("GET", "user", "repository_invitations")) {
			ArrayNode list = SimJson.JSON.createArrayNode();
			state.invitations().forEach(invitation -> list.add(SimRepositoryJson.invitation(apiBase, invitation, "bot")));
			return SimResponse.json(200, list.toString());
		}
		if (ex.is("PATCH", "user", "repository_invitations", "*")) {
			SimState.Invitation invitation = state.removeInvitation(Long.parseLong(ex.segment(2)));
			if (invitation == null) {
				return SimResponse.notFound();
			}
			invitation.repository().botPermission("write");
			return SimResponse.empty(204);
		}
		if (ex.is("GET", "repos", "*", "*")) {
			SimRepository repository = state.repository(ex.segment(1), ex.segment(2));
			if (repository == null || repository.botPermission().equals("none")) {
				return SimResponse.notFound();
			}
			return SimResponse.json(200, SimRepositoryJson.full(apiBase, repository, state.now()).toString());
		}
		if (ex.is("GET", "repos", "*", "*", "branches", "*", "protection")) {
			SimRepository repository = state.repository(ex.segment(1), ex.segment(2));
			if (repository == null || !repository.defaultBranch().equals(ex.segment(5))
					|| !repository.defaultBranchProtected()) {
				return repository == null ? SimResponse.notFound() : SimResponse.error(404, "Branch not protected");
			}
			return SimResponse.json(200, SimJson.JSON.writeValueAsString(Map.of("url", "/repos/" + repository.fullName()
					+ "/branches/" + repository.defaultBranch() + "/protection", "enabled", true)));
		}
		return null;
	}

}
