package org.botkeeper.githubsim;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where an account (the bot) can write, as it asks GitHub itself, for a token that is not one of
 * {@link SimPeople}'s (theirs, and {@code GET /user} for all, are {@link PeopleRoutes}'): {@code GET /user/repos} with its
 * {@code permissions} on each, {@code GET /user/teams}, {@code GET /orgs/{org}/teams/{slug}/repos} (the
 * team's role on each) and {@code GET /user/memberships/orgs/{org}} (its role in the organisation). Roles
 * come from {@link SimState#explicitRole}: direct grants, teams and organisation ownership. The shapes are
 * GitHub's ({@code public-user}, {@code repository}, {@code team-full}, {@code minimal-repository},
 * {@code org-membership}), held by Prism.
 */
final class MembershipRoutes {

	private final SimState state;

	private final SimPeople people;

	private final PeopleRoutes peopleRoutes;

	private final SimAccess access;

	private final String apiBase;

	MembershipRoutes(SimState state, SimPeople people, PeopleRoutes peopleRoutes, SimAccess access, String apiBase) {
		this.state = state;
		this.people = people;
		this.peopleRoutes = peopleRoutes;
		this.access = access;
		this.apiBase = apiBase;
	}

	SimResponse serve(SimExchange ex) {
		String login = access.login(ex);
		if (login == null || people.byToken(ex.caller()).isPresent()) {
			return null;
		}
		if (ex.is("GET", "user", "repos")) {
			return repositories(ex, login);
		}
		if (ex.is("GET", "user", "teams")) {
			ArrayNode list = SimJson.JSON.createArrayNode();
			state.teams(login).forEach(team -> list.add(peopleRoutes.team(
					new SimPeople.Team(team.id(), team.slug(), team.slug(), people.organization(team.organisation())))));
			return SimResponse.json(200, list.toString());
		}
		if (ex.is("GET", "orgs", "*", "teams", "*", "repos")) {
			Optional<SimState.Team> team = state.team(ex.segment(1), ex.segment(3))
				.filter(found -> found.hasMember(login) || state.isOrganisationOwner(found.organisation(), login));
			if (team.isEmpty()) {
				return SimResponse.notFound();
			}
			ArrayNode list = SimJson.JSON.createArrayNode();
			page(ex, state.repositories().stream().filter(repository -> !team.get().role(repository).equals("none"))
				.sorted(Comparator.comparing(SimRepository::fullName))
				.toList()).forEach(repository -> {
					String role = team.get().role(repository);
					ObjectNode node = SimRepositoryJson.minimal(apiBase, repository);
					SimRepositoryJson.permissions(node, role);
					node.put("role_name", role);
					list.add(node);
				});
			return SimResponse.json(200, list.toString());
		}
		if (ex.is("GET", "user", "memberships", "orgs", "*")) {
			String organisation = ex.segment(3);
			return state.organisationRole(organisation, login)
				.map(role -> SimResponse.json(200, membership(organisation, ex.caller(), login, role).toString()))
				.orElseGet(SimResponse::notFound);
		}
		return null;
	}

	/** The repositories the caller was given a role on, as far as its token lets it see them. */
	private SimResponse repositories(SimExchange ex, String login) {
		List<SimRepository> granted = state.repositories().stream()
			.filter(repository -> !state.explicitRole(repository, login).equals("none"))
			.filter(repository -> access.check(ex, repository, SimAccess.READ_METADATA) == null)
			.sorted(Comparator.comparing(SimRepository::fullName))
			.toList();
		ArrayNode list = SimJson.JSON.createArrayNode();
		page(ex, granted).forEach(repository -> list.add(SimRepositoryJson
			.full(apiBase, repository, state.explicitRole(repository, login), state.now())
			// The "repository" shape of this list requires it; the "full-repository" one of GET /repos/{o}/{r} does not.
			.put("has_downloads", true)));
		return SimResponse.json(200, list.toString());
	}

	/** One page of {@code all}, as {@code per_page} (at most 100) and {@code page} ask. */
	static <T> List<T> page(SimExchange ex, List<T> all) {
		int perPage = Math.clamp(Integer.parseInt(ex.query().getOrDefault("per_page", "30")), 1, 100);
		int page = Math.max(1, Integer.parseInt(ex.query().getOrDefault("page", "1")));
		int from = Math.min(all.size(), (page - 1) * perPage);
		return all.subList(from, Math.min(all.size(), from + perPage));
	}

	private ObjectNode membership(String organisation, String token, String login, String role) {
		SimPeople.Organization org = people.organization(organisation);
		ObjectNode node = SimJson.JSON.createObjectNode();
		node.put("url", apiBase + "/orgs/" + org.login() + "/memberships/" + login);
		node.put("state", "active");
		node.put("role", role);
		node.put("organization_url", apiBase + "/orgs/" + org.login());
		node.set("organization", peopleRoutes.simpleOrganization(org));
		node.set("user", SimJson.simpleUser(apiBase, login, people.owner(token).map(SimPeople.Person::id).orElse(0L),
				"User"));
		return node;
	}

}
