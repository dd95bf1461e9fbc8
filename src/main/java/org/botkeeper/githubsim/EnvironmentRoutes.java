package org.botkeeper.githubsim;

import tools.jackson.databind.JsonNode;

/**
 * {@code /repos/{owner}/{repo}/environments/{name}[/secrets[/public-key|/{secret}]]}, as documented
 * for <a href="https://docs.github.com/en/rest/deployments/environments">environments</a> and
 * <a href="https://docs.github.com/en/rest/actions/secrets">Actions secrets</a>.
 */
final class EnvironmentRoutes {

	private final SimState state;

	private final SimSecretWrites writes;

	private final SimAccess access;

	private final String apiBase;

	EnvironmentRoutes(SimState state, SimSecretWrites writes, SimAccess access, String apiBase) {
		this.state = state;
		this.writes = writes;
		this.access = access;
		this.apiBase = apiBase;
	}

	/**
	 * The answer, or null when the path is not an environment path. Who may do what is checked first
	 * ({@link SimAccess}), then whether the environment or secret exists.
	 */
	SimResponse serve(SimExchange ex) {
		if (ex.segments().size() < 5 || !ex.segment(0).equals("repos") || !ex.segment(3).equals("environments")) {
			return null;
		}
		SimRepository repository = state.repository(ex.segment(1), ex.segment(2));
		if (repository == null) {
			return SimResponse.notFound();
		}
		String name = ex.segment(4);
		if (ex.segments().size() == 5) {
			SimResponse refused = access.check(ex, repository,
					ex.method().equals("GET") ? SimAccess.READ_ENVIRONMENT : SimAccess.WRITE_ENVIRONMENT);
			return refused != null ? refused : environment(ex, repository, name);
		}
		if (!ex.segment(5).equals("secrets")) {
			return SimResponse.notFound();
		}
		SimAccess.Rule rule = ex.is("GET", "repos", "*", "*", "environments", "*", "secrets", "public-key")
				? SimAccess.READ_ENVIRONMENT_KEY
				: ex.method().equals("GET") ? SimAccess.READ_ENVIRONMENT_SECRETS : SimAccess.WRITE_ENVIRONMENT_SECRET;
		SimResponse refused = access.check(ex, repository, rule);
		if (refused != null) {
			return refused;
		}
		SimEnvironment environment = repository.environment(name);
		if (environment == null) {
			return SimResponse.notFound();
		}
		if (ex.is("GET", "repos", "*", "*", "environments", "*", "secrets")) {
			int perPage = Math.min(100, Integer.parseInt(ex.query().getOrDefault("per_page", "30")));
			int page = Math.max(1, Integer.parseInt(ex.query().getOrDefault("page", "1")));
			return SimResponse.json(200, SimJson.secrets(environment.secrets(), page, perPage));
		}
		if (ex.is("GET", "repos", "*", "*", "environments", "*", "secrets", "public-key")) {
			return SimResponse.json(200, SimJson.publicKey(environment.secretStore()));
		}
		if (ex.segments().size() != 7) {
			return SimResponse.notFound();
		}
		return writes.serve(ex, environment.secretStore(), ex.segment(6));
	}

	private SimResponse environment(SimExchange ex, SimRepository repository, String name) {
		switch (ex.method()) {
			case "GET": {
				SimEnvironment environment = repository.environment(name);
				return environment == null ? SimResponse.notFound()
						: SimResponse.json(200, SimJson.environment(apiBase, repository, environment));
			}
			case "PUT": {
				JsonNode body = SimJson.parse(ex.body());
				JsonNode policy = body.path("deployment_branch_policy");
				boolean[] branchPolicy = null;
				if (policy.isObject()) {
					boolean protectedBranches = policy.path("protected_branches").asBoolean(false);
					boolean custom = policy.path("custom_branch_policies").asBoolean(false);
					// The rule GitHub's schema states only in prose: exactly one of the two is true.
					if (protectedBranches == custom) {
						return SimResponse.error(422, "Invalid request.\n\nExactly one of protected_branches and "
								+ "custom_branch_policies must be true.");
					}
					branchPolicy = new boolean[] { protectedBranches, custom };
				}
				SimEnvironment environment = state.createEnvironment(repository, name);
				environment.setBranchPolicy(branchPolicy, state.now());
				return SimResponse.json(200, SimJson.environment(apiBase, repository, environment));
			}
			case "DELETE":
				return repository.deleteEnvironment(name) ? SimResponse.empty(204) : SimResponse.notFound();
			default:
				return SimResponse.error(405, "Method Not Allowed");
		}
	}

}
