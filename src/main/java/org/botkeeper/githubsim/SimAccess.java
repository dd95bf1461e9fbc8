package org.botkeeper.githubsim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Who may call which endpoint, as GitHub documents it: per endpoint, the person's role on the
 * repository, the classic OAuth scope, and the fine-grained and App permissions
 * (<a href="https://docs.github.com/en/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens">fine-grained
 * tokens</a>, <a href="https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps">GitHub
 * Apps</a>, and each endpoint's page for the scopes), with GitHub's answers: 404 for a private
 * repository the token cannot see (GitHub does not confirm it exists), 403 with
 * {@code Resource not accessible by integration} (Apps) or {@code ... by personal access token}
 * (fine-grained) and an {@code x-accepted-github-permissions} header for a missing permission, 403
 * {@code Must have admin rights to Repository.} for a role too low, and for organisation secrets the
 * answer <a href="https://github.com/cli/cli/issues/8810">cli/cli#8810</a> shows.
 */
final class SimAccess {

	/**
	 * What one endpoint asks.
	 *
	 * @param role the least role on the repository ({@code read}, {@code write}, {@code admin})
	 * @param scope the classic OAuth scope ({@code public_repo} will do for a public repository)
	 * @param publicReadable a read anyone may make of a public repository, with no scope or permission
	 * @param permissions every fine-grained/App permission needed, with its least level
	 */
	record Rule(String role, String scope, boolean publicReadable, Map<String, String> permissions) {

		String accepted() {
			return permissions.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
		}

	}

	private static Map<String, String> needs(String... pairs) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
		return map;
	}

	/** {@code GET /repos/{o}/{r}}, {@code GET .../rules/branches/{b}}: metadata. */
	static final Rule READ_METADATA = new Rule("read", "repo", true, needs("metadata", "read"));

	/** {@code GET .../environments/{name}}: "Anyone with read access"; Actions read. */
	static final Rule READ_ENVIRONMENT = new Rule("read", "repo", true, needs("actions", "read"));

	/** {@code PUT|DELETE .../environments/{name}}: admins; Administration write. */
	static final Rule WRITE_ENVIRONMENT = new Rule("admin", "repo", false, needs("administration", "write"));

	/** {@code GET .../secrets/public-key}: "Anyone with read access"; Environments and Secrets read. */
	static final Rule READ_ENVIRONMENT_KEY = new Rule("read", "repo", true,
			needs("environments", "read", "secrets", "read"));

	/** Listing and reading environment secrets: collaborators with write; Environments and Secrets read. */
	static final Rule READ_ENVIRONMENT_SECRETS = new Rule("write", "repo", false,
			needs("environments", "read", "secrets", "read"));

	/** Writing and deleting an environment secret: collaborators with write; Environments and Secrets write. */
	static final Rule WRITE_ENVIRONMENT_SECRET = new Rule("write", "repo", false,
			needs("environments", "write", "secrets", "write"));

	/** {@code GET .../branches/{b}/protection}: admins; Administration read. */
	static final Rule READ_BRANCH_PROTECTION = new Rule("admin", "repo", false, needs("administration", "read"));

	/** {@code GET .../actions/secrets}: collaborators with write; Secrets read. */
	static final Rule READ_REPOSITORY_SECRETS = new Rule("write", "repo", false, needs("secrets", "read"));

	/** {@code GET .../actions/secrets/public-key}: "Anyone with read access"; Secrets read. */
	static final Rule READ_REPOSITORY_KEY = new Rule("read", "repo", true, needs("secrets", "read"));

	/** Writing and deleting a repository Actions secret: collaborators with write; Secrets write. */
	static final Rule WRITE_REPOSITORY_SECRET = new Rule("write", "repo", false, needs("secrets", "write"));

	/** {@code GET .../dependabot/secrets/public-key}: "Anyone with read access"; Dependabot secrets read. */
	static final Rule READ_DEPENDABOT_KEY = new Rule("read", "repo", true, needs("dependabot_secrets", "read"));

	/** Reading a Dependabot secret: collaborators with write; Dependabot secrets read. */
	static final Rule READ_DEPENDABOT_SECRETS = new Rule("write", "repo", false, needs("dependabot_secrets", "read"));

	/** Writing and deleting a Dependabot secret: collaborators with write; Dependabot secrets write. */
	static final Rule WRITE_DEPENDABOT_SECRET = new Rule("write", "repo", false, needs("dependabot_secrets", "write"));

	/** {@code GET .../issues}: anyone who can read the repository; Issues read. */
	static final Rule READ_ISSUES = new Rule("read", "repo", true, needs("issues", "read"));

	/** {@code POST .../issues}, {@code POST .../issues/{n}/comments}: anyone who can read it; Issues write. */
	static final Rule WRITE_ISSUES = new Rule("read", "repo", false, needs("issues", "write"));

	/** {@code PATCH .../issues/{n}}: triage or above (the issue's author aside); Issues write. */
	static final Rule EDIT_ISSUES = new Rule("triage", "repo", false, needs("issues", "write"));

	private static final List<String> ROLES = List.of("none", "read", "triage", "write", "maintain", "admin");

	private final SimState state;

	private final SimCredentials credentials;

	SimAccess(SimState state, SimCredentials credentials) {
		this.state = state;
		this.credentials = credentials;
	}

	/** The caller's token record (routes other than {@code /app} are called with a token). */
	Optional<SimCredentials.TokenInfo> caller(SimExchange ex) {
		return ex.caller() == null ? Optional.empty() : credentials.token(ex.caller());
	}

	private boolean sees(SimCredentials.TokenInfo token, SimRepository repository) {
		if (repository.isPublic()) {
			return true;
		}
		SimCredentials.Grant grant = token.grant();
		return switch (grant.kind()) {
			case CLASSIC -> grant.scopes().contains("repo") && atLeast(role(token, repository), "read");
			case FINE_GRAINED -> grant.selects(repository) && atLeast(role(token, repository), "read");
			case INSTALLATION -> grant.selects(repository);
		};
	}

	/** The caller's role on the repository, for the {@code permissions} GitHub reports; null for an App. */
	String role(SimExchange ex, SimRepository repository) {
		return caller(ex).filter(token -> token.login() != null).map(token -> role(token, repository)).orElse(null);
	}

	private String role(SimCredentials.TokenInfo token, SimRepository repository) {
		return state.role(repository, token.login());
	}

	/**
	 * Null when the caller may do what {@code rule} describes on {@code repository}, else GitHub's answer
	 * (a 404 when it may not even see the repository).
	 */
	SimResponse check(SimExchange ex, SimRepository repository, Rule rule) {
		Optional<SimCredentials.TokenInfo> caller = caller(ex);
		if (caller.isEmpty()) {
			return SimResponse.notFound();
		}
		if (!sees(caller.get(), repository)) {
			SimResponse hidden = SimResponse.notFound();
			return caller.get().grant().kind() == SimCredentials.Kind.CLASSIC
					? hidden.header("x-accepted-oauth-scopes", rule.scope()) : hidden;
		}
		SimCredentials.TokenInfo token = caller.get();
		SimCredentials.Grant grant = token.grant();
		switch (grant.kind()) {
			case CLASSIC -> {
				boolean scoped = grant.scopes().contains("repo")
						|| (repository.isPublic() && (rule.publicReadable() || grant.scopes().contains("public_repo")));
				if (!scoped) {
					// GitHub answers a token without the scope as if the resource were not there.
					return SimResponse.notFound().header("x-accepted-oauth-scopes", rule.scope());
				}
			}
			case FINE_GRAINED, INSTALLATION -> {
				boolean freeRead = repository.isPublic() && rule.publicReadable();
				if (!freeRead && (!grant.selects(repository) || !granted(grant, rule.permissions()))) {
					return forbidden(grant, rule.accepted());
				}
			}
		}
		if (token.login() != null && !atLeast(role(token, repository), rule.role())) {
			return SimResponse.error(403, "Must have admin rights to Repository.");
		}
		return null;
	}

	/**
	 * Null when the caller may read ({@code level} {@code read}) or write the organisation's Actions
	 * secrets, their public key and selected repositories: an owner with {@code admin:org} (classic), an
	 * owner whose fine-grained token has the organisation permission Secrets at {@code level}, or an App
	 * installed on the organisation with it. Not modelled: the {@code repo} scope GitHub also asks of a
	 * classic token for private repositories in a selected list.
	 */
	SimResponse checkOrganisationSecrets(SimExchange ex, String organisation, String level) {
		Optional<SimCredentials.TokenInfo> caller = caller(ex);
		if (caller.isEmpty()) {
			return SimResponse.notFound();
		}
		SimCredentials.TokenInfo token = caller.get();
		SimCredentials.Grant grant = token.grant();
		String notAnOwner = "You must be an org admin or have the actions secrets fine-grained permission.";
		switch (grant.kind()) {
			case CLASSIC -> {
				if (!grant.scopes().contains("admin:org") || !state.isOrganisationOwner(organisation, token.login())) {
					return SimResponse.error(403, notAnOwner).header("x-accepted-oauth-scopes", "admin:org");
				}
			}
			case FINE_GRAINED -> {
				if (!SimCredentials.atLeast(grant.level("organization_secrets"), level)) {
					return forbidden(grant, "organization_secrets=" + level);
				}
				if (!state.isOrganisationOwner(organisation, token.login())) {
					return SimResponse.error(403, notAnOwner);
				}
			}
			case INSTALLATION -> {
				if (!grant.account().equalsIgnoreCase(organisation)) {
					return SimResponse.notFound();
				}
				if (!SimCredentials.atLeast(grant.level("organization_secrets"), level)) {
					return forbidden(grant, "organization_secrets=" + level);
				}
			}
		}
		return null;
	}

	/**
	 * Null when the caller may use the {@code /user/repository_invitations} endpoints: a person's token
	 * ({@code repo} or {@code repo:invite} scope; fine-grained: Administration {@code level}); never an
	 * App installation (GitHub does not enable these for Apps).
	 */
	SimResponse checkInvitations(SimExchange ex, String level) {
		Optional<SimCredentials.TokenInfo> caller = caller(ex);
		if (caller.isEmpty()) {
			return SimResponse.notFound();
		}
		SimCredentials.Grant grant = caller.get().grant();
		return switch (grant.kind()) {
			case CLASSIC -> grant.scopes().contains("repo") || grant.scopes().contains("repo:invite") ? null
					: SimResponse.notFound().header("x-accepted-oauth-scopes", "repo, repo:invite");
			case FINE_GRAINED -> SimCredentials.atLeast(grant.level("administration"), level) ? null
					: forbidden(grant, "administration=" + level);
			case INSTALLATION -> SimResponse.error(403, "Resource not accessible by integration");
		};
	}

	/** The login a person's token acts for; null for an App installation or an unknown token. */
	String login(SimExchange ex) {
		return caller(ex).map(SimCredentials.TokenInfo::login).orElse(null);
	}

	private static boolean granted(SimCredentials.Grant grant, Map<String, String> needed) {
		return needed.entrySet().stream().allMatch(need -> SimCredentials.atLeast(grant.level(need.getKey()), need.getValue()));
	}

	private static SimResponse forbidden(SimCredentials.Grant grant, String accepted) {
		String message = grant.kind() == SimCredentials.Kind.INSTALLATION ? "Resource not accessible by integration"
				: "Resource not accessible by personal access token";
		return SimResponse.error(403, message).header("x-accepted-github-permissions", accepted);
	}

	private static boolean atLeast(String role, String needed) {
		return ROLES.indexOf(role) >= ROLES.indexOf(needed);
	}

}
