package org.botkeeper.githubsim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rest of what botkeeper asks GitHub: App installation tokens (within what the installation was
 * granted), the caller's repository invitations, a repository with the caller's permissions,
 * default-branch protection, rules and repository and organisation secrets; each checked by
 * {@link SimAccess} as GitHub documents it.
 */
final class AccountRoutes {

	private final SimState state;

	private final SimCredentials credentials;

	private final SimAccess access;

	private final String apiBase;

	AccountRoutes(SimState state, SimCredentials credentials, SimAccess access, String apiBase) {
		this.state = state;
		this.credentials = credentials;
		this.access = access;
		this.apiBase = apiBase;
	}

	SimResponse serve(SimExchange ex) {
		if (ex.is("POST", "app", "installations", "*", "access_tokens")) {
			long installation = Long.parseLong(ex.segment(2));
			List<String> repositories = new ArrayList<>();
			Map<String, String> permissions = new LinkedHashMap<>();
			if (ex.body() != null && !ex.body().isBlank()) {
				JsonNode body = SimJson.JSON.readTree(ex.body());
				body.path("repositories").forEach(name -> repositories.add(name.asString()));
				body.path("permissions").properties().forEach(entry -> permissions.put(entry.getKey(), entry.getValue().asString()));
			}
			Optional<SimCredentials.Installation> installed = credentials.installation(ex.caller(), installation);
			if (installed.isEmpty()) {
				return SimResponse.notFound();
			}
			SimCredentials.Mint mint = credentials.mintInstallationToken(installed.get(), ex.caller(), repositories,
					permissions);
			if (mint.token() == null) {
				return SimResponse.error(422, mint.refusal());
			}
			ObjectNode node = SimJson.JSON.createObjectNode();
			node.put("token", mint.token());
			node.put("expires_at", SimJson.time(mint.expiresAt()));
			ObjectNode granted = node.putObject("permissions");
			SimCredentials.reported(installed.get(), permissions).forEach(granted::put);
			node.put("repository_selection",
					repositories.isEmpty() && installed.get().repositories().isEmpty() ? "all" : "selected");
			return SimResponse.json(201, node.toString());
		}
		if (ex.is("GET", "user", "repository_invitations")) {
			SimResponse refused = access.checkInvitations(ex, "read");
			if (refused != null) {
				return refused;
			}
			ArrayNode list = SimJson.JSON.createArrayNode();
			String invitee = access.login(ex);
			state.invitations().stream().filter(invitation -> invitation.invitee().equalsIgnoreCase(invitee))
				.forEach(invitation -> list.add(SimRepositoryJson.invitation(apiBase, invitation, invitee)));
			return SimResponse.json(200, list.toString());
		}
		if (ex.is("PATCH", "user", "repository_invitations", "*")) {
			SimResponse refused = access.checkInvitations(ex, "write");
			if (refused != null) {
				return refused;
			}
			SimState.Invitation invitation = state.invitation(Long.parseLong(ex.segment(2)))
				.filter(pending -> pending.invitee().equalsIgnoreCase(access.login(ex)))
				.orElse(null);
			if (invitation == null) {
				return SimResponse.notFound();
			}
			state.removeInvitation(invitation.id());
			invitation.repository().collaborator(invitation.invitee(), "write");
			return SimResponse.empty(204);
		}
		if (ex.is("GET", "repos", "*", "*")) {
			SimRepository repository = state.repository(ex.segment(1), ex.segment(2));
			SimResponse refused = repository == null ? SimResponse.notFound()
					: access.check(ex, repository, SimAccess.READ_METADATA);
			if (refused != null) {
				return refused;
			}
			return SimResponse.json(200,
					SimRepositoryJson.full(apiBase, repository, access.role(ex, repository), state.now()).toString());
		}
		if (ex.is("GET", "repos", "*", "*", "branches", "*", "protection")) {
			SimRepository repository = state.repository(ex.segment(1), ex.segment(2));
			SimResponse refused = repository == null ? SimResponse.notFound()
					: access.check(ex, repository, SimAccess.READ_BRANCH_PROTECTION);
			if (refused != null) {
				return refused;
			}
			if (!repository.defaultBranch().equals(ex.segment(4)) || !repository.defaultBranchProtected()) {
				return SimResponse.error(404, "Branch not protected");
			}
			return SimResponse.json(200, protection(repository).toString());
		}
		if (ex.is("GET", "repos", "*", "*", "rules", "branches", "*")) {
			SimRepository repository = state.repository(ex.segment(1), ex.segment(2));
			SimResponse refused = repository == null ? SimResponse.notFound()
					: access.check(ex, repository, SimAccess.READ_METADATA);
			if (refused != null) {
				return refused;
			}
			ArrayNode rules = SimJson.JSON.createArrayNode();
			if (repository.defaultBranch().equals(ex.segment(5))) {
				for (String type : repository.rulesetRules()) {
					ObjectNode rule = rules.addObject().put("type", type);
					if (type.equals("update")) {
						rule.putObject("parameters").put("update_allows_fetch_and_merge", false);
					}
					rule.put("ruleset_source_type", "Repository").put("ruleset_source", repository.fullName())
						.put("ruleset_id", repository.id());
				}
			}
			return SimResponse.json(200, rules.toString());
		}
		if (ex.is("GET", "repos", "*", "*", "actions", "secrets")) {
			SimRepository repository = state.repository(ex.segment(1), ex.segment(2));
			SimResponse refused = repository == null ? SimResponse.notFound()
					: access.check(ex, repository, SimAccess.READ_REPOSITORY_SECRETS);
			return refused != null ? refused
					: SimResponse.json(200, secretList(repository.actionsSecrets(), null).toString());
		}
		if (ex.is("GET", "orgs", "*", "actions", "secrets")) {
			SimOrganisation organisation = state.organisation(ex.segment(1));
			if (organisation == null) {
				return SimResponse.notFound();
			}
			SimResponse refused = access.checkOrganisationSecrets(ex, ex.segment(1), "read");
			return refused != null ? refused
					: SimResponse.json(200, secretList(organisation.secretStore(), organisation).toString());
		}
		return null;
	}

	/** GitHub's {@code branch-protection}: push restrictions and required reviews as configured. */
	private ObjectNode protection(SimRepository repository) {
		String url = apiBase + "/repos/" + repository.fullName() + "/branches/" + repository.defaultBranch()
				+ "/protection";
		ObjectNode node = SimJson.JSON.createObjectNode();
		node.put("url", url);
		node.putObject("enforce_admins").put("url", url + "/enforce_admins").put("enabled", repository.enforceAdmins());
		if (repository.requiredPullRequestReviews()) {
			node.putObject("required_pull_request_reviews")
				.put("url", url + "/required_pull_request_reviews")
				.put("dismiss_stale_reviews", false)
				.put("require_code_owner_reviews", false)
				.put("required_approving_review_count", 1);
		}
		if (repository.pushAllowances() != null) {
			ObjectNode restrictions = node.putObject("restrictions");
			restrictions.put("url", url + "/restrictions")
				.put("users_url", url + "/restrictions/users")
				.put("teams_url", url + "/restrictions/teams")
				.put("apps_url", url + "/restrictions/apps");
			ArrayNode users = restrictions.putArray("users");
			long id = 5000;
			for (String login : repository.pushAllowances()) {
				users.add(SimJson.simpleUser(apiBase, login, id++, "User"));
			}
			restrictions.putArray("teams");
			restrictions.putArray("apps");
		}
		return node;
	}

	/** The list of a repository's ({@code organisation} null) or an organisation's secrets. */
	private ObjectNode secretList(SimSecretStore secrets, SimOrganisation organisation) {
		ObjectNode node = SimJson.JSON.createObjectNode();
		node.put("total_count", secrets.secrets().size());
		ArrayNode list = node.putArray("secrets");
		for (SimSecret secret : secrets.secrets()) {
			list.add(organisation == null ? SimJson.secret(secret)
					: SimJson.organisationSecret(apiBase, organisation, secret));
		}
		return node;
	}

}
