package org.botkeeper.githubsim;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Vault's GitHub auth method (and {@code token rotate}, which asks whose a new token is) asks about
 * a person: {@code GET /user}, {@code /user/orgs},
 * {@code /user/teams}, and {@code GET /orgs/{org}} (which Vault reads, unauthenticated, to learn the
 * organisation's id when its config is written). The shapes are GitHub's ({@code public-user},
 * {@code organization-simple}, {@code organization-full}, {@code team-full}), held by Prism.
 */
final class PeopleRoutes {

	private static final String EPOCH = "2020-01-01T00:00:00Z";

	private final SimPeople people;

	private final String apiBase;

	PeopleRoutes(SimPeople people, String apiBase) {
		this.people = people;
		this.apiBase = apiBase;
	}

	SimResponse serve(SimExchange ex) {
		if (ex.is("GET", "orgs", "*")) {
			return people.find(ex.segment(1))
				.map(org -> SimResponse.json(200, fullOrganization(org).toString()))
				.orElseGet(SimResponse::notFound);
		}
		if (!ex.is("GET", "user") && !ex.is("GET", "user", "orgs") && !ex.is("GET", "user", "teams")) {
			return null;
		}
		if (ex.segments().size() == 1) {
			// Any personal access token may ask who it belongs to (no permission needed, as on GitHub).
			return people.owner(ex.caller())
				.map(owner -> SimResponse.json(200, user(owner).toString()))
				.orElseGet(() -> SimResponse.error(403, "Resource not accessible by integration"));
		}
		var person = people.byToken(ex.caller());
		if (person.isEmpty()) {
			// A token the simulator knows that is not a person's (the writer, the bot): no such user data.
			return SimResponse.json(200, "[]");
		}
		ArrayNode list = SimJson.JSON.createArrayNode();
		if (ex.segment(1).equals("orgs")) {
			person.get().organizations().forEach(org -> list.add(simpleOrganization(org)));
		}
		else {
			person.get().teams().forEach(team -> list.add(team(team)));
		}
		return SimResponse.json(200, list.toString());
	}

	private ObjectNode user(SimPeople.Person person) {
		ObjectNode user = SimJson.simpleUser(apiBase, person.login(), person.id(), "User");
		user.put("user_view_type", "public");
		for (String nullable : new String[] { "name", "company", "blog", "location", "email", "hireable", "bio" }) {
			user.putNull(nullable);
		}
		user.put("public_repos", 0);
		user.put("public_gists", 0);
		user.put("followers", 0);
		user.put("following", 0);
		user.put("created_at", EPOCH);
		user.put("updated_at", EPOCH);
		return user;
	}

	ObjectNode simpleOrganization(SimPeople.Organization org) {
		String url = apiBase + "/orgs/" + org.login();
		ObjectNode node = SimJson.JSON.createObjectNode();
		node.put("login", org.login());
		node.put("id", org.id());
		node.put("node_id", "O_" + org.id());
		node.put("url", url);
		node.put("repos_url", url + "/repos");
		node.put("events_url", url + "/events");
		node.put("hooks_url", url + "/hooks");
		node.put("issues_url", url + "/issues");
		node.put("members_url", url + "/members{/member}");
		node.put("public_members_url", url + "/public_members{/member}");
		node.put("avatar_url", "https://avatars.example.test/o/" + org.id());
		node.putNull("description");
		return node;
	}

	private ObjectNode fullOrganization(SimPeople.Organization org) {
		ObjectNode node = simpleOrganization(org);
		node.put("html_url", "https://github.example.test/" + org.login());
		node.put("has_organization_projects", true);
		node.put("has_repository_projects", true);
		node.put("public_repos", 0);
		node.put("public_gists", 0);
		node.put("followers", 0);
		node.put("following", 0);
		node.put("type", "Organization");
		node.put("created_at", EPOCH);
		node.put("updated_at", EPOCH);
		node.putNull("archived_at");
		return node;
	}

	ObjectNode team(SimPeople.Team team) {
		String url = apiBase + "/organizations/" + team.organization().id() + "/team/" + team.id();
		ObjectNode node = SimJson.JSON.createObjectNode();
		node.put("id", team.id());
		node.put("node_id", "T_" + team.id());
		node.put("url", url);
		node.put("html_url", "https://github.example.test/orgs/" + team.organization().login() + "/teams/" + team.slug());
		node.put("members_url", url + "/members{/member}");
		node.put("repositories_url", url + "/repos");
		node.put("name", team.name());
		node.put("slug", team.slug());
		node.putNull("description");
		node.put("permission", "pull");
		node.put("type", "organization");
		node.put("created_at", EPOCH);
		node.put("updated_at", EPOCH);
		node.put("members_count", 1);
		node.put("repos_count", 0);
		node.set("organization", fullOrganization(team.organization()));
		return node;
	}

}
