package org.botkeeper.vault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.botkeeper.vault.InitStep.Action;
import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;

/**
 * Lets org admins log in to Vault with their own GitHub identity: enables HashiCorp Vault's GitHub
 * auth method, points it at the organisation (and at {@code base_url} for GitHub Enterprise Server
 * or the simulator), and maps the admin team to {@code botkeeper-admin} (optionally a maintainer
 * team to a maintainer policy). Replaces the shared password with team membership.
 *
 * <p>OpenBao dropped this auth method; there the setup stops before anything is written, with a message
 * pointing to OIDC or userpass (README, "Which Vault?"). An existing configuration for another
 * organisation is refused, and a team keeps the policies it already maps to.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/auth/github">GitHub auth method API</a>
 */
public final class GitHubAuthSetup {

	public static final String PATH = "github";

	private final VaultConnection connection;

	private final String organization;

	private final String baseUrl;

	private final Map<String, String> teamPolicies;

	/**
	 * @param baseUrl GitHub's API for Vault to ask (checked by the caller: https, given explicitly), or null
	 *     for api.github.com
	 * @param teamPolicies team slug → policy
	 */
	public GitHubAuthSetup(VaultConnection connection, String organization, String baseUrl,
			Map<String, String> teamPolicies) {
		this.connection = connection;
		this.organization = organization;
		// go-github, which Vault uses, resolves paths against base_url and needs its trailing slash.
		this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
		this.teamPolicies = new LinkedHashMap<>(teamPolicies);
	}

	/** The steps, found by reading only; refusals come here, before anything is written. */
	List<InitStep.Planned> plan(Map<String, VaultMount> auths) {
		List<InitStep.Planned> steps = new ArrayList<>();
		steps.add(mount(auths));
		steps.add(config());
		teamPolicies.forEach((team, policy) -> steps.add(team(team, policy)));
		return steps;
	}

	private InitStep.Planned mount(Map<String, VaultMount> auths) {
		VaultMount existing = auths.get(PATH + "/");
		if (existing != null) {
			if (!"github".equals(existing.getType())) {
				throw new VaultException("Vault has an auth method of type "
						+ existing.getType() + " at '" + PATH + "/', not github. Move it away first. Nothing was changed.");
			}
			return InitStep.Planned.unchanged(new InitStep("auth " + PATH + "/", Action.UNCHANGED, "GitHub"));
		}
		if (!inCatalog()) {
			throw new VaultException(noGitHubMethod() + " Nothing was changed.");
		}
		return new InitStep.Planned(new InitStep("auth " + PATH + "/", Action.CREATE, "GitHub"), () -> {
			try {
				connection.template().opsForSys().authMount(PATH, VaultMount.create("github"));
			}
			catch (RuntimeException ex) {
				if (VaultCalls.status(ex) == 400 && VaultCalls.serverError(ex).contains("plugin not found")) {
					throw new VaultException(noGitHubMethod(), 400, ex);
				}
				throw connection.calls().translate(access("write", "sys/auth/" + PATH), ex);
			}
		});
	}

	/** The refusal when the server has no GitHub auth method at all (OpenBao dropped it). */
	static String noGitHubMethod() {
		return "This server has no GitHub auth method: its plugin catalog has no 'github' (OpenBao dropped it; "
				+ "HashiCorp Vault has it). Let admins log in with OIDC or userpass instead and bind those identities "
				+ "to policy botkeeper-admin; see README, 'Which Vault?'.";
	}

	/**
	 * Whether the server's plugin catalog has the GitHub auth method; true when the catalog may not be
	 * read (then enabling it says so, should it fail).
	 */
	private boolean inCatalog() {
		try {
			return connection.template().read("sys/plugins/catalog/auth/github") != null;
		}
		catch (RuntimeException ex) {
			return VaultCalls.status(ex) != 404;
		}
	}

	private InitStep.Planned config() {
		String path = "auth/" + PATH + "/config";
		VaultResponse current = readQuietly(path);
		Map<String, Object> data = current == null || current.getData() == null ? Map.of() : current.getData();
		Object currentOrg = data.get("organization");
		String currentBase = data.get("base_url") == null ? null : data.get("base_url").toString();
		if (currentOrg != null && !currentOrg.toString().isBlank() && !organization.equals(currentOrg.toString())) {
			// Everyone who logs in through auth/github is checked against this organisation's teams.
			throw new VaultException("Vault's GitHub auth method at '" + PATH
					+ "/' is set up for organisation '" + currentOrg + "', not '" + organization + "'. vault init does "
					+ "not point it elsewhere: everyone who logs in through it would be checked against another "
					+ "organisation. Nothing was changed.");
		}
		boolean same = organization.equals(currentOrg)
				&& Objects.equals(baseUrl, currentBase == null || currentBase.isBlank() ? null : currentBase);
		Action action = current == null ? Action.CREATE : same ? Action.UNCHANGED : Action.UPDATE;
		InitStep step = new InitStep("github auth config", action,
				"organization=" + organization + ", base_url="
						+ (baseUrl == null ? "https://api.github.com (Vault's default)" : baseUrl));
		if (action == Action.UNCHANGED) {
			return InitStep.Planned.unchanged(step);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("organization", organization);
		body.put("base_url", baseUrl == null ? "" : baseUrl);
		return new InitStep.Planned(step,
				() -> connection.calls().run(access("write", path), () -> connection.template().write(path, body)));
	}

	/**
	 * Maps {@code team} to {@code policy}, keeping the policies the team already has (a team map is a
	 * comma-separated list): setting up other mounts adds their policy rather than taking one away.
	 */
	private InitStep.Planned team(String team, String policy) {
		String path = "auth/" + PATH + "/map/teams/" + team;
		VaultResponse current = readQuietly(path);
		Object value = current == null || current.getData() == null ? null : current.getData().get("value");
		List<String> policies = new ArrayList<>();
		if (value != null) {
			for (String name : value.toString().split(",")) {
				if (!name.isBlank()) {
					policies.add(name.strip());
				}
			}
		}
		Action action = value == null ? Action.CREATE : policies.contains(policy) ? Action.UNCHANGED : Action.UPDATE;
		String target = "github team " + organization + "/" + team;
		if (action == Action.UNCHANGED) {
			return InitStep.Planned.unchanged(new InitStep(target, action, "policies " + String.join(",", policies)));
		}
		List<String> wanted = new ArrayList<>(policies);
		wanted.add(policy);
		String joined = String.join(",", wanted);
		return new InitStep.Planned(new InitStep(target, action, "policies " + joined,
				List.of("+ policy " + policy)),
				() -> connection.calls().run(access("write", path),
						() -> connection.template().write(path, Map.of("value", joined))));
	}

	private VaultResponse readQuietly(String path) {
		return connection.readSetting(access("read", path), path);
	}

	private static VaultAccess access(String verb, String path) {
		return new VaultAccess(verb, path, "sys", VaultBootstrap.OPERATOR, false);
	}

}
