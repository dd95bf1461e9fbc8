package org.botkeeper.githubsim;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders simulator state in the shapes of GitHub's OpenAPI schemas. */
final class SimJson {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private SimJson() {
	}

	static String error(int status, String message) {
		ObjectNode node = JSON.createObjectNode();
		node.put("message", message);
		node.put("documentation_url", "https://docs.github.com/rest");
		node.put("status", Integer.toString(status));
		return node.toString();
	}

	static JsonNode parse(String body) {
		return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
	}

	/** GitHub's timestamps: UTC, whole seconds. */
	static String time(Instant instant) {
		return instant.truncatedTo(ChronoUnit.SECONDS).toString();
	}

	static String nodeId(String type, long id) {
		return Base64.getEncoder().encodeToString((type + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	/** GitHub's {@code simple-user} schema for {@code login}; {@code type} is {@code User}, {@code Bot} or {@code Organization}. */
	static ObjectNode simpleUser(String apiBase, String login, long id, String type) {
		String url = apiBase + "/users/" + login;
		ObjectNode user = JSON.createObjectNode();
		user.put("login", login);
		user.put("id", id);
		user.put("node_id", nodeId("User", id));
		user.put("avatar_url", "https://avatars.githubusercontent.com/u/" + id);
		user.put("gravatar_id", "");
		user.put("url", url);
		user.put("html_url", "https://github.com/" + login);
		user.put("followers_url", url + "/followers");
		user.put("following_url", url + "/following{/other_user}");
		user.put("gists_url", url + "/gists{/gist_id}");
		user.put("starred_url", url + "/starred{/owner}{/repo}");
		user.put("subscriptions_url", url + "/subscriptions");
		user.put("organizations_url", url + "/orgs");
		user.put("repos_url", url + "/repos");
		user.put("events_url", url + "/events{/privacy}");
		user.put("received_events_url", url + "/received_events");
		user.put("type", type);
		user.put("site_admin", false);
		return user;
	}

	/** The {@code environment} schema. */
	static String environment(String apiBase, SimRepository repository, SimEnvironment environment) {
		ObjectNode node = JSON.createObjectNode();
		node.put("id", environment.id());
		node.put("node_id", nodeId("Environment", environment.id()));
		node.put("name", environment.name());
		node.put("url", apiBase + "/repos/" + repository.fullName() + "/environments/" + environment.name());
		node.put("html_url", "https://github.com/" + repository.fullName() + "/deployments/activity_log?environments_filter="
				+ environment.name());
		node.put("created_at", time(environment.createdAt()));
		node.put("updated_at", time(environment.updatedAt()));
		ArrayNode rules = node.putArray("protection_rules");
		boolean[] policy = environment.branchPolicy();
		if (environment.requiredReviewers()) {
			ObjectNode rule = rules.addObject();
			rule.put("id", environment.id() * 10 + 1);
			rule.put("node_id", nodeId("Gate", environment.id() * 10 + 1));
			rule.put("prevent_self_review", false);
			rule.put("type", "required_reviewers");
			rule.putArray("reviewers");
		}
		if (policy != null) {
			ObjectNode rule = rules.addObject();
			rule.put("id", environment.id() * 10 + 2);
			rule.put("node_id", nodeId("Gate", environment.id() * 10 + 2));
			rule.put("type", "branch_policy");
			node.putObject("deployment_branch_policy")
				.put("protected_branches", policy[0])
				.put("custom_branch_policies", policy[1]);
		}
		else {
			node.putNull("deployment_branch_policy");
		}
		return node.toString();
	}

	static ObjectNode secret(SimSecret secret) {
		ObjectNode node = JSON.createObjectNode();
		node.put("name", secret.name());
		node.put("created_at", time(secret.createdAt()));
		node.put("updated_at", time(secret.updatedAt()));
		return node;
	}

	/** The {@code organization-actions-secret} schema; the list's address only for {@code selected}. */
	static ObjectNode organisationSecret(String apiBase, SimOrganisation organisation, SimSecret secret) {
		ObjectNode node = secret(secret);
		String visibility = organisation.visibility(secret.name());
		node.put("visibility", visibility);
		if ("selected".equals(visibility)) {
			node.put("selected_repositories_url", apiBase + "/orgs/" + organisation.login() + "/actions/secrets/"
					+ secret.name() + "/repositories");
		}
		return node;
	}

	static String secrets(Collection<SimSecret> all, int page, int perPage) {
		ObjectNode node = JSON.createObjectNode();
		node.put("total_count", all.size());
		ArrayNode items = node.putArray("secrets");
		all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(secret -> items.add(secret(secret)));
		return node.toString();
	}

	static String publicKey(SimSecretStore store) {
		ObjectNode node = JSON.createObjectNode();
		node.put("key_id", store.keyId());
		node.put("key", store.publicKeyBase64());
		return node.toString();
	}

}
