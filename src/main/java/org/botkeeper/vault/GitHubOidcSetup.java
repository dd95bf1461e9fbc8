package org.botkeeper.vault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.vault.InitStep.Action;
import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;

/**
 * Lets GitHub Actions workflows log in to Vault with the job's OIDC token, so that a binding's token
 * need not be stored in GitHub at all (README, "No stored secret (OIDC)"): enables the JWT auth method
 * at {@value #PATH} and points it at GitHub's token issuer ({@value #GITHUB_ISSUER}, or a GitHub
 * Enterprise Server's), from whose discovery document Vault takes the keys the tokens are signed with.
 * The roles, one per binding, are written by {@code botkeeper oidc enable}.
 *
 * <p>An existing configuration for another issuer is refused, not rewritten: every role on the mount
 * would then accept tokens of that other issuer.
 *
 * @see <a href="https://openbao.org/api-docs/auth/jwt/">JWT auth method API</a>
 */
public final class GitHubOidcSetup {

	public static final String PATH = "github-actions";

	/** GitHub.com's issuer of Actions tokens, as in their {@code iss} claim. */
	public static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

	private final VaultConnection connection;

	private final String issuer;

	/** @param issuer the issuer URL (checked by the caller), or null for GitHub.com's */
	public GitHubOidcSetup(VaultConnection connection, String issuer) {
		this.connection = connection;
		String url = issuer == null || issuer.isBlank() ? GITHUB_ISSUER : issuer.strip();
		// The issuer is compared with the tokens' iss claim as a string: GitHub's has no trailing slash.
		this.issuer = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/** The steps, found by reading only; refusals come here, before anything is written. */
	List<InitStep.Planned> plan(Map<String, VaultMount> auths) {
		List<InitStep.Planned> steps = new ArrayList<>();
		steps.add(AuthMethodStep.enable(connection, auths, PATH, "jwt", "JWT (GitHub Actions OIDC)"));
		steps.add(config());
		return steps;
	}

	private InitStep.Planned config() {
		String path = "auth/" + PATH + "/config";
		VaultResponse current = readQuietly(path);
		Map<String, Object> data = current == null || current.getData() == null ? Map.of() : current.getData();
		String discovery = text(data.get("oidc_discovery_url"));
		String bound = text(data.get("bound_issuer"));
		if (!discovery.isEmpty() && !discovery.equals(issuer)) {
			throw new VaultException("Vault's JWT auth method at '" + PATH + "/' trusts issuer '" + discovery
					+ "', not '" + issuer + "'. vault init does not point it elsewhere: every role on it would accept "
					+ "that other issuer's tokens. Nothing was changed.");
		}
		Action action = current == null || discovery.isEmpty() ? Action.CREATE
				: bound.equals(issuer) ? Action.UNCHANGED : Action.UPDATE;
		InitStep step = new InitStep("jwt auth config", action, "issuer " + issuer);
		if (action == Action.UNCHANGED) {
			return InitStep.Planned.unchanged(step);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		// Vault fetches the discovery document and its JWKS from here, and refuses tokens of any other iss.
		body.put("oidc_discovery_url", issuer);
		body.put("bound_issuer", issuer);
		return new InitStep.Planned(step,
				() -> connection.calls().run(access("write", path), () -> connection.template().write(path, body)));
	}

	private static String text(Object value) {
		return value == null ? "" : value.toString().strip();
	}

	private VaultResponse readQuietly(String path) {
		return connection.readSetting(access("read", path), path);
	}

	private static VaultAccess access(String verb, String path) {
		return new VaultAccess(verb, path, "sys", VaultBootstrap.OPERATOR, false);
	}

}
