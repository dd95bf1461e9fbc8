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
 * <p>OpenBao dropped this auth method; there the setup stops with a message pointing to OIDC or
 * userpass (README, "Which Vault?").
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

	List<InitStep> run(boolean write) {
		List<InitStep> steps = new ArrayList<>();
		steps.add(mount(write));
		steps.add(config(write));
		teamPolicies.forEach((team, policy) -> steps.add(team(team, policy, write)));
		return steps;
	}

	private InitStep mount(boolean write) {
		Map<String, VaultMount> auths = connection.calls()
			.run(access("read", "sys/auth"), () -> connection.template().opsForSys().getAuthMounts());
		VaultMount existing = auths.get(PATH + "/");
		if (existing != null) {
			if (!"github".equals(existing.getType())) {
				throw new VaultException("Vault has an auth method of type "
						+ existing.getType() + " at '" + PATH + "/', not github. Move it away first.");
			}
			return new InitStep("auth " + PATH + "/", Action.UNCHANGED, "GitHub");
		}
		if (write) {
			try {
				connection.template().opsForSys().authMount(PATH, VaultMount.create("github"));
			}
			catch (RuntimeException ex) {
				if (VaultCalls.status(ex) == 400) {
					throw new VaultException("This server has no GitHub auth method "
							+ "(OpenBao dropped it). Let admins log in with OIDC or userpass instead and bind those "
							+ "identities to policy botkeeper-admin; see README, 'Which Vault?'.", 400, ex);
				}
				throw connection.calls().translate(access("write", "sys/auth/" + PATH), ex);
			}
		}
		return new InitStep("auth " + PATH + "/", Action.CREATE, "GitHub");
	}

	private InitStep config(boolean write) {
		String path = "auth/" + PATH + "/config";
		VaultResponse current = readQuietly(path);
		Map<String, Object> data = current == null || current.getData() == null ? Map.of() : current.getData();
		String currentBase = data.get("base_url") == null ? null : data.get("base_url").toString();
		boolean same = organization.equals(data.get("organization"))
				&& Objects.equals(baseUrl, currentBase == null || currentBase.isBlank() ? null : currentBase);
		Action action = current == null ? Action.CREATE : same ? Action.UNCHANGED : Action.UPDATE;
		if (write && action != Action.UNCHANGED) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("organization", organization);
			body.put("base_url", baseUrl == null ? "" : baseUrl);
			connection.calls().run(access("write", path), () -> connection.template().write(path, body));
		}
		return new InitStep("github auth config", action, "organization=" + organization + ", base_url="
				+ (baseUrl == null ? "https://api.github.com (Vault's default)" : baseUrl));
	}

	private InitStep team(String team, String policy, boolean write) {
		String path = "auth/" + PATH + "/map/teams/" + team;
		VaultResponse current = readQuietly(path);
		Object value = current == null || current.getData() == null ? null : current.getData().get("value");
		Action action = value == null ? Action.CREATE : policy.equals(value.toString()) ? Action.UNCHANGED
				: Action.UPDATE;
		if (write && action != Action.UNCHANGED) {
			connection.calls().run(access("write", path), () -> connection.template().write(path, Map.of("value", policy)));
		}
		return new InitStep("github team " + organization + "/" + team, action, "policy " + policy);
	}

	/** A read that finds nothing, or finds no handler yet (--plan before the mount exists), is "absent". */
	private VaultResponse readQuietly(String path) {
		try {
			return connection.template().read(path);
		}
		catch (RuntimeException ex) {
			int status = VaultCalls.status(ex);
			if (status == 404 || status == 405 || status == 400) {
				return null;
			}
			throw connection.calls().translate(access("read", path), ex);
		}
	}

	private static VaultAccess access(String verb, String path) {
		return new VaultAccess(verb, path, "sys", "root (or an operator policy on sys/auth and auth/github)", false);
	}

}
