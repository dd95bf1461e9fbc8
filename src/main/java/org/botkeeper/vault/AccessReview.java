package org.botkeeper.vault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;

/**
 * Answers "who can get the bot's password, its 2FA code, or a repository's token?" from Vault's own
 * view: for every ACL policy, Vault itself evaluates the asset paths ({@code sys/capabilities} with a
 * 60-second child token holding only that policy, revoked right after), then the policy's holders are
 * looked up: AppRole, userpass, JWT/OIDC roles and GitHub team/user maps of every auth mount, token
 * roles, and identity groups. Needs an operator token (root, or sudo on {@code auth/token/create} plus
 * read on {@code sys/policies/acl}, {@code sys/auth}, the auth mounts and {@code identity/group}).
 *
 * @see <a href="https://openbao.org/api-docs/system/capabilities/">sys/capabilities</a>
 */
public final class AccessReview {

	/** What can be obtained, the API path and the capability that obtains it. */
	public record Asset(String name, String path, String capability) {
	}

	/** One policy that grants an asset, and who holds that policy. */
	public record Grant(String policy, List<String> capabilities, List<String> holders) {
	}

	/** Everyone (by policy) who can obtain one asset. */
	public record Finding(Asset asset, List<Grant> grants) {
	}

	private static final String OPERATOR = "root, or an operator policy with sudo on auth/token/create and read on "
			+ "sys/policies/acl, sys/auth and the auth mounts";

	private final VaultConnection connection;

	private final VaultLayout layout;

	public AccessReview(VaultConnection connection, VaultLayout layout) {
		this.connection = connection;
		this.layout = layout;
	}

	/** The assets: the account, the TOTP code and key, the writer, the bot token, and each repository's token. */
	public List<Asset> assets(List<String> repositories) {
		List<Asset> assets = new ArrayList<>();
		assets.add(new Asset("the bot's password", layout.data(VaultLayout.ACCOUNT), "read"));
		assets.add(new Asset("the bot's 2FA code", layout.totpCode(), "read"));
		assets.add(new Asset("replace the 2FA seed", layout.totpKey(), "update"));
		assets.add(new Asset("the writer credential", layout.data(VaultLayout.WRITER), "read"));
		assets.add(new Asset("the bot's own token", layout.data(VaultLayout.BOT_TOKEN), "read"));
		for (String repository : repositories) {
			assets.add(new Asset("the token of " + repository, layout.data("tokens/" + repository), "read"));
		}
		return assets;
	}

	public List<Finding> review(List<Asset> assets) {
		Map<String, List<String>> holders = holders();
		List<String> paths = assets.stream().map(Asset::path).distinct().toList();
		Map<String, Map<String, List<String>>> byPolicy = new TreeMap<>();
		for (String policy : policies()) {
			if (!policy.equals("root")) {
				byPolicy.put(policy, capabilities(policy, paths));
			}
		}
		List<Finding> findings = new ArrayList<>();
		for (Asset asset : assets) {
			List<Grant> grants = new ArrayList<>();
			grants.add(new Grant("root", List.of("root"), holders.getOrDefault("root", List.of("root tokens"))));
			byPolicy.forEach((policy, capabilities) -> {
				List<String> granted = capabilities.getOrDefault(asset.path(), List.of());
				if (granted.contains(asset.capability()) || granted.contains("root")) {
					grants.add(new Grant(policy, granted, holders.getOrDefault(policy, List.of())));
				}
			});
			findings.add(new Finding(asset, grants));
		}
		return findings;
	}

	private List<String> policies() {
		return call("list", "sys/policies/acl", () -> connection.template().opsForSys().getPolicyNames());
	}

	/** Vault's own answer for {@code policy} on {@code paths}, through a short-lived token holding only it. */
	private Map<String, List<String>> capabilities(String policy, List<String> paths) {
		VaultResponse created = call("write", "auth/token/create", () -> connection.template()
			.write("auth/token/create", Map.of("policies", List.of(policy), "no_default_policy", !policy.equals("default"),
					"ttl", "60s", "display_name", "botkeeper-access-review", "num_uses", 0)));
		String token = created.getAuth().get("client_token").toString();
		try {
			VaultResponse answer = call("write", "sys/capabilities", () -> connection.template()
				.write("sys/capabilities", Map.of("token", token, "paths", paths)));
			Map<String, List<String>> result = new LinkedHashMap<>();
			Map<String, Object> data = answer == null || answer.getData() == null ? Map.of() : answer.getData();
			for (String path : paths) {
				Object capabilities = data.get(path);
				if (capabilities == null && paths.size() == 1) {
					capabilities = data.get("capabilities");
				}
				result.put(path, capabilities instanceof Collection<?> list ? list.stream().map(Object::toString).toList()
						: List.of());
			}
			return result;
		}
		finally {
			call("write", "auth/token/revoke", () -> connection.template().write("auth/token/revoke", Map.of("token", token)));
		}
	}

	/** Policy name to the identities that get it, as "approle role NAME" and the like. */
	private Map<String, List<String>> holders() {
		Map<String, List<String>> holders = new TreeMap<>();
		Map<String, VaultMount> mounts = call("read", "sys/auth", () -> connection.template().opsForSys().getAuthMounts());
		mounts.forEach((rawPath, mount) -> {
			String path = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
			switch (mount.getType()) {
				case "approle" -> collect(holders, "auth/" + path + "/role", "approle role " + path + "/", "token_policies");
				case "userpass" -> collect(holders, "auth/" + path + "/users", "userpass user " + path + "/", "token_policies");
				case "jwt", "oidc" -> collect(holders, "auth/" + path + "/role", mount.getType() + " role " + path + "/",
						"token_policies");
				case "github" -> {
					collect(holders, "auth/" + path + "/map/teams", "github team " + path + "/", "value");
					collect(holders, "auth/" + path + "/map/users", "github user " + path + "/", "value");
				}
				case "token" -> collect(holders, "auth/token/roles", "token role ", "allowed_policies");
				default -> {
				}
			}
		});
		collect(holders, "identity/group/name", "identity group ", "policies");
		return holders;
	}

	private void collect(Map<String, List<String>> holders, String listPath, String label, String field) {
		for (String name : optionalList(listPath)) {
			Optional<VaultResponse> entry = connection.read(access("read", listPath + "/" + name), listPath + "/" + name);
			Object value = entry.map(VaultResponse::getData).map(data -> data.get(field)).orElse(null);
			List<String> policies = value instanceof Collection<?> list ? list.stream().map(Object::toString).toList()
					: value == null ? List.of() : List.of(value.toString().split("\\s*,\\s*"));
			for (String policy : policies) {
				holders.computeIfAbsent(policy.strip(), key -> new ArrayList<>()).add(label + name);
			}
		}
	}

	/** The keys under {@code path}; none when nothing was ever written there (Vault answers 404). */
	private List<String> optionalList(String path) {
		try {
			List<String> keys = connection.template().list(path);
			return keys == null ? List.of() : keys;
		}
		catch (RuntimeException ex) {
			if (VaultCalls.status(ex) == 404) {
				return List.of();
			}
			throw connection.calls().translate(access("list", path), ex);
		}
	}

	private <T> T call(String verb, String path, java.util.function.Supplier<T> action) {
		return connection.calls().run(access(verb, path), action);
	}

	private static VaultAccess access(String verb, String path) {
		return new VaultAccess(verb, path, "sys", OPERATOR, false);
	}

}
