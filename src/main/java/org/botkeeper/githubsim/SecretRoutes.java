package org.botkeeper.githubsim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One secret and the public key of a repository's Actions secrets
 * ({@code /repos/{o}/{r}/actions/secrets/{public-key|name}}), a repository's Dependabot secrets
 * ({@code /repos/{o}/{r}/dependabot/secrets/...}) and an organisation's Actions secrets
 * ({@code /orgs/{org}/actions/secrets/{public-key|name}[/repositories]}), as documented for
 * <a href="https://docs.github.com/en/rest/actions/secrets">Actions secrets</a> and
 * <a href="https://docs.github.com/en/rest/dependabot/secrets">Dependabot secrets</a>. Each scope has
 * its own key pair. The lists of repository and organisation Actions secrets are {@link AccountRoutes}';
 * not modelled: the Dependabot list, organisation Dependabot secrets, and adding or removing one
 * selected repository at a time (the whole list is replaced).
 */
final class SecretRoutes {

	private static final Set<String> VISIBILITIES = Set.of("all", "private", "selected");

	private final SimState state;

	private final SimSecretWrites writes;

	private final SimAccess access;

	private final String apiBase;

	SecretRoutes(SimState state, SimSecretWrites writes, SimAccess access, String apiBase) {
		this.state = state;
		this.writes = writes;
		this.access = access;
		this.apiBase = apiBase;
	}

	/** The answer, or null when the path is none of these. */
	SimResponse serve(SimExchange ex) {
		List<String> path = ex.segments();
		if (path.size() == 6 && path.get(0).equals("repos") && path.get(4).equals("secrets")
				&& (path.get(3).equals("actions") || path.get(3).equals("dependabot"))) {
			return repository(ex, path.get(3).equals("dependabot"));
		}
		if (path.size() >= 5 && path.size() <= 6 && path.get(0).equals("orgs") && path.get(2).equals("actions")
				&& path.get(3).equals("secrets")) {
			return organisation(ex);
		}
		return null;
	}

	private SimResponse repository(SimExchange ex, boolean dependabot) {
		SimRepository repository = state.repository(ex.segment(1), ex.segment(2));
		if (repository == null) {
			return SimResponse.notFound();
		}
		boolean key = ex.method().equals("GET") && ex.segment(5).equals("public-key");
		SimAccess.Rule rule;
		if (key) {
			rule = dependabot ? SimAccess.READ_DEPENDABOT_KEY : SimAccess.READ_REPOSITORY_KEY;
		}
		else if (ex.method().equals("GET")) {
			rule = dependabot ? SimAccess.READ_DEPENDABOT_SECRETS : SimAccess.READ_REPOSITORY_SECRETS;
		}
		else {
			rule = dependabot ? SimAccess.WRITE_DEPENDABOT_SECRET : SimAccess.WRITE_REPOSITORY_SECRET;
		}
		SimResponse refused = access.check(ex, repository, rule);
		if (refused != null) {
			return refused;
		}
		SimSecretStore store = dependabot ? repository.dependabotSecrets() : repository.actionsSecrets();
		return key ? SimResponse.json(200, SimJson.publicKey(store)) : writes.serve(ex, store, ex.segment(5));
	}

	private SimResponse organisation(SimExchange ex) {
		SimOrganisation organisation = state.organisation(ex.segment(1));
		if (organisation == null) {
			return SimResponse.notFound();
		}
		SimResponse refused = access.checkOrganisationSecrets(ex, ex.segment(1),
				ex.method().equals("GET") ? "read" : "write");
		if (refused != null) {
			return refused;
		}
		String name = ex.segment(4);
		if (ex.segments().size() == 6) {
			return ex.segment(5).equals("repositories") ? selectedRepositories(ex, organisation, name)
					: SimResponse.notFound();
		}
		if (ex.method().equals("GET") && name.equals("public-key")) {
			return SimResponse.json(200, SimJson.publicKey(organisation.secretStore()));
		}
		return switch (ex.method()) {
			case "GET" -> organisation.secretStore().secret(name) == null ? SimResponse.notFound()
					: SimResponse.json(200, SimJson
						.organisationSecret(apiBase, organisation, organisation.secretStore().secret(name))
						.toString());
			case "PUT" -> writes.put(ex, organisation.secretStore(), name,
					Set.of("visibility", "selected_repository_ids"), body -> access(organisation, name, body));
			case "DELETE" -> organisation.removeSecret(name) ? SimResponse.empty(204) : SimResponse.notFound();
			default -> SimResponse.error(405, "Method Not Allowed");
		};
	}

	/** Applies the visibility of a write; an error when it is missing, unknown, or a list comes without {@code selected}. */
	private static SimResponse access(SimOrganisation organisation, String name, JsonNode body) {
		String visibility = body.path("visibility").asString("");
		if (!VISIBILITIES.contains(visibility)) {
			return SimResponse.error(422, "Invalid request: visibility must be one of all, private, selected.");
		}
		JsonNode ids = body.path("selected_repository_ids");
		if (!ids.isMissingNode() && !visibility.equals("selected")) {
			return SimResponse.error(422, "Invalid request: selected_repository_ids can only be given when the "
					+ "visibility is selected.");
		}
		Set<Long> selected = repositoryIds(ids);
		if (selected == null) {
			return SimResponse.error(422, "Invalid request: selected_repository_ids must be a list of repository ids.");
		}
		organisation.access(name, visibility, selected);
		return null;
	}

	private SimResponse selectedRepositories(SimExchange ex, SimOrganisation organisation, String name) {
		if (organisation.secretStore().secret(name) == null) {
			return SimResponse.notFound();
		}
		switch (ex.method()) {
			case "GET": {
				List<SimRepository> selected = new ArrayList<>();
				for (long id : organisation.selectedRepositoryIds(name)) {
					SimRepository repository = state.repository(id);
					if (repository != null) {
						selected.add(repository);
					}
				}
				int perPage = Math.min(100, Integer.parseInt(ex.query().getOrDefault("per_page", "30")));
				int page = Math.max(1, Integer.parseInt(ex.query().getOrDefault("page", "1")));
				ObjectNode node = SimJson.JSON.createObjectNode();
				node.put("total_count", selected.size());
				ArrayNode list = node.putArray("repositories");
				selected.stream().skip((long) (page - 1) * perPage).limit(perPage)
					.forEach(repository -> list.add(SimRepositoryJson.minimal(apiBase, repository)));
				return SimResponse.json(200, node.toString());
			}
			case "PUT": {
				JsonNode body = SimJson.parse(ex.body());
				Set<Long> selected = repositoryIds(body.path("selected_repository_ids"));
				if (selected == null || body.path("selected_repository_ids").isMissingNode()) {
					return SimResponse.error(422, "Invalid request: selected_repository_ids must be a list of "
							+ "repository ids.");
				}
				if (!"selected".equals(organisation.visibility(name))) {
					// GitHub documents this 409 for adding or removing one repository; the same holds for the whole list.
					return SimResponse.error(409, "The secret's visibility is not selected.");
				}
				organisation.access(name, "selected", selected);
				return SimResponse.empty(204);
			}
			default:
				return SimResponse.error(405, "Method Not Allowed");
		}
	}

	/** The ids in {@code ids} (integers, or strings of digits as the schema allows), none when missing; null if malformed. */
	private static Set<Long> repositoryIds(JsonNode ids) {
		Set<Long> parsed = new TreeSet<>();
		if (ids.isMissingNode()) {
			return parsed;
		}
		if (!ids.isArray()) {
			return null;
		}
		for (JsonNode id : ids) {
			if (id.isIntegralNumber()) {
				parsed.add(id.asLong());
			}
			else if (id.isString() && id.asString().matches("[0-9]{1,18}")) {
				parsed.add(Long.parseLong(id.asString()));
			}
			else {
				return null;
			}
		}
		return parsed;
	}

}
