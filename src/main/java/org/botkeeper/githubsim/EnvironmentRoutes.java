package org.botkeeper.githubsim;

import java.util.Base64;
import java.util.Iterator;

import tools.jackson.databind.JsonNode;

/**
 * {@code /repos/{owner}/{repo}/environments/{name}[/secrets[/public-key|/{secret}]]}, as documented
 * for <a href="https://docs.github.com/en/rest/deployments/environments">environments</a> and
 * <a href="https://docs.github.com/en/rest/actions/secrets">Actions secrets</a>.
 */
final class EnvironmentRoutes {

	private final SimState state;

	private final SimFaults faults;

	private final SimBehaviour behaviour;

	private final SimAccess access;

	private final String apiBase;

	EnvironmentRoutes(SimState state, SimFaults faults, SimBehaviour behaviour, SimAccess access, String apiBase) {
		this.state = state;
		this.faults = faults;
		this.behaviour = behaviour;
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
			return SimResponse.json(200, SimJson.publicKey(environment));
		}
		if (ex.segments().size() != 7) {
			return SimResponse.notFound();
		}
		String secretName = ex.segment(6);
		return switch (ex.method()) {
			case "GET" -> environment.secret(secretName) == null ? SimResponse.notFound()
					: SimResponse.json(200, SimJson.secret(environment.secret(secretName)).toString());
			case "PUT" -> putSecret(ex, environment, secretName);
			case "DELETE" -> environment.removeSecret(secretName) ? SimResponse.empty(204) : SimResponse.notFound();
			default -> SimResponse.error(405, "Method Not Allowed");
		};
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

	private SimResponse putSecret(SimExchange ex, SimEnvironment environment, String secretName) {
		if (!secretName.matches("[A-Za-z_][A-Za-z0-9_]*") || secretName.toUpperCase().startsWith("GITHUB_")) {
			return SimResponse.error(422, "Secret names can only contain alphanumeric characters or underscores.");
		}
		JsonNode body = SimJson.parse(ex.body());
		for (Iterator<String> names = body.propertyNames().iterator(); names.hasNext();) {
			String field = names.next();
			if (!field.equals("encrypted_value") && !field.equals("key_id")) {
				return SimResponse.error(422, "Invalid request: unexpected field " + field);
			}
		}
		String sealed = body.path("encrypted_value").asString("");
		String keyId = body.path("key_id").asString("");
		if (sealed.isEmpty() || keyId.isEmpty()) {
			return SimResponse.error(422, "Invalid request: encrypted_value and key_id are required.");
		}
		if (faults.takeKeyRotation()) {
			environment.rotateKey();
		}
		// Not documented by GitHub; by default accepted, and the box does not open below (cli/cli#3831).
		if (!keyId.equals(environment.keyId())
				&& behaviour.staleKeyAnswer() == SimBehaviour.StaleKeyAnswer.REFUSE_422) {
			return SimResponse.error(422, "Bad request: key_id does not match the current public key.");
		}
		byte[] plaintext;
		try {
			plaintext = environment.open(sealed);
		}
		catch (IllegalArgumentException e) {
			// GitHub cannot tell a box sealed to another key (a stale one, the repository's) from a good one: it
			// stores garbage. So does this.
			plaintext = Base64.getDecoder().decode("Z2FyYmFnZQ==");
		}
		boolean existed = environment.secret(secretName) != null;
		environment.store(secretName, plaintext, keyId, state.now());
		// GitHub's description: 201 carries an empty JSON object, 204 nothing.
		return existed ? SimResponse.empty(204) : SimResponse.json(201, "{}");
	}

}
