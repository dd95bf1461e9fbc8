package org.botkeeper.githubsim;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Vault's GitHub auth method asks about a person: {@code GET /user}, {@code /user/orgs},
 * {@code /user/teams}, and {@code GET /orgs/{org}} (which Vault reads, unauthenticated, to learn the
 * organisation's id when its config is written).
 */
final class PeopleRoutes {

	private final SimPeople people;

	PeopleRoutes(SimPeople people) {
		this.people = people;
	}

	SimResponse serve(SimExchange ex) {
		if (ex.is("GET", "orgs", "*")) {
			return people.find(ex.segment(1))
				.map(org -> SimResponse.json(200, organization(org).toString()))
				.orElseGet(SimResponse::notFound);
		}
		if (!ex.is("GET", "user") && !ex.is("GET", "user", "orgs") && !ex.is("GET", "user", "teams")) {
			return null;
		}
		var person = people.byToken(ex.caller());
		if (person.isEmpty()) {
			// A token the simulator knows that is not a person's (the writer, the bot): no such user data.
			return ex.segments().size() == 1 ? SimResponse.notFound() : SimResponse.json(200, "[]");
		}
		if (ex.segments().size() == 1) {
			ObjectNode user = SimJson.JSON.createObjectNode();
			user.put("login", person.get().login());
			user.put("id", person.get().id());
			user.put("type", "User");
			return SimResponse.json(200, user.toString());
		}
		ArrayNode list = SimJson.JSON.createArrayNode();
		if (ex.segment(1).equals("orgs")) {
			person.get().organizations().forEach(org -> list.add(organization(org)));
		}
		else {
			for (SimPeople.Team team : person.get().teams()) {
				ObjectNode node = list.addObject();
				node.put("id", team.id());
				node.put("name", team.name());
				node.put("slug", team.slug());
				node.set("organization", organization(team.organization()));
			}
		}
		return SimResponse.json(200, list.toString());
	}

	private static ObjectNode organization(SimPeople.Organization org) {
		ObjectNode node = SimJson.JSON.createObjectNode();
		node.put("login", org.login());
		node.put("id", org.id());
		return node;
	}

}
