package org.botkeeper.vault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.vault.support.VaultResponse;

/**
 * Answers "who can get the bot's password, its 2FA code or recovery codes, or a repository's token, and
 * who can change where a token is pushed?" from Vault's own view: for every ACL policy, Vault itself
 * evaluates the asset paths ({@code sys/capabilities} with a 60-second child token holding only that
 * policy, revoked right after), then the policy's holders are looked up ({@link PolicyHolders}). Needs an
 * operator token (root, or sudo on {@code auth/token/create} plus read and list on {@code sys/policies/acl},
 * {@code sys/auth}, the auth mounts and {@code identity/}).
 *
 * @see <a href="https://openbao.org/api-docs/system/capabilities/">sys/capabilities</a>
 */
public final class AccessReview {

	/**
	 * One way to obtain an asset: any of {@code capabilities} on {@code path}.
	 *
	 * @param note what this path is about when an asset has several, or null
	 */
	public record Check(String path, List<String> capabilities, String note) {
	}

	/** What can be obtained, and the paths and capabilities that obtain it (any one is enough). */
	public record Asset(String name, List<Check> checks) {

		Asset(String name, String path, String capability) {
			this(name, List.of(new Check(path, List.of(capability), null)));
		}

	}

	/** One policy that grants an asset through one path, and who holds that policy. */
	public record Grant(String policy, Check check, List<String> capabilities, List<PolicyHolders.Holder> holders) {
	}

	/** Everyone (by policy) who can obtain one asset. */
	public record Finding(Asset asset, List<Grant> grants) {
	}

	/** The findings, and the auth methods whose holders could not be inspected. */
	public record Result(List<Finding> findings, List<String> notInspected) {
	}

	private static final String OPERATOR = "root, or an operator policy with sudo on auth/token/create and read on "
			+ "sys/policies/acl, sys/auth, the auth mounts and identity/";

	private static final List<String> WRITE = List.of("create", "update");

	private final VaultConnection connection;

	private final VaultLayout layout;

	public AccessReview(VaultConnection connection, VaultLayout layout) {
		this.connection = connection;
		this.layout = layout;
	}

	/**
	 * The assets: the account, its recovery codes, the TOTP code and key, the writers, the bot token, and
	 * per repository its token and where that token is pushed.
	 */
	public List<Asset> assets(List<String> repositories) {
		List<Asset> assets = new ArrayList<>();
		assets.add(new Asset("the bot's password", layout.data(VaultLayout.ACCOUNT), "read"));
		assets.add(new Asset("the bot's 2FA recovery codes", layout.data(VaultLayout.ACCOUNT_RECOVERY), "read"));
		assets.add(new Asset("the bot's 2FA code", layout.totpCode(), "read"));
		assets.add(new Asset("replace the 2FA seed", layout.totpKey(), "update"));
		assets.add(new Asset("the writer credential", layout.data(VaultLayout.WRITER), "read"));
		// Any owner's: the policies grant them all with one glob, which this literal path matches.
		assets.add(new Asset("an owner's own writer credential", layout.data(VaultLayout.WRITERS + "/*"), "read"));
		assets.add(new Asset("the bot's own token", layout.data(VaultLayout.BOT_TOKEN), "read"));
		for (String repository : repositories) {
			assets.add(new Asset("the token of " + repository, layout.data("tokens/" + repository), "read"));
			// Where a value goes is written with the value (data); records of the old layout kept it in
			// custom_metadata, which whoever may update the metadata can change without the value.
			assets.add(new Asset("where the token of " + repository + " is pushed",
					List.of(new Check(layout.data("tokens/" + repository), WRITE, null),
							new Check(layout.metadata("tokens/" + repository), List.of("update"),
									"records in the old layout"))));
		}
		return assets;
	}

	public Result review(List<Asset> assets) {
		PolicyHolders.Holders holders = new PolicyHolders(connection, OPERATOR).find();
		List<String> paths = assets.stream().flatMap(asset -> asset.checks().stream()).map(Check::path).distinct().toList();
		Map<String, Map<String, List<String>>> byPolicy = new TreeMap<>();
		for (String policy : policies()) {
			if (!policy.equals("root")) {
				byPolicy.put(policy, capabilities(policy, paths));
			}
		}
		// Root tokens are made by 'operator generate-root' or by another root token: no role lists them.
		List<PolicyHolders.Holder> rootHolders = holders.of("root").isEmpty()
				? List.of(new PolicyHolders.Holder("root tokens", "root token", "root tokens", "token/ (token)"))
				: holders.of("root");
		List<Finding> findings = new ArrayList<>();
		for (Asset asset : assets) {
			List<Grant> grants = new ArrayList<>();
			grants.add(new Grant("root", asset.checks().getFirst(), List.of("root"), rootHolders));
			byPolicy.forEach((policy, capabilities) -> {
				for (Check check : asset.checks()) {
					List<String> granted = capabilities.getOrDefault(check.path(), List.of());
					if (granted.contains("root") || granted.stream().anyMatch(check.capabilities()::contains)) {
						grants.add(new Grant(policy, check, granted, holders.of(policy)));
					}
				}
			});
			findings.add(new Finding(asset, grants));
		}
		return new Result(findings, holders.notInspected());
	}

	private List<String> policies() {
		return connection.calls()
			.run(access("list", "sys/policies/acl"), () -> connection.template().opsForSys().getPolicyNames());
	}

	/** Vault's own answer for {@code policy} on {@code paths}, through a short-lived token holding only it. */
	private Map<String, List<String>> capabilities(String policy, List<String> paths) {
		VaultResponse created = connection.calls().run(access("write", "auth/token/create"), () -> connection.template()
			.write("auth/token/create", Map.of("policies", List.of(policy), "no_default_policy", !policy.equals("default"),
					"ttl", "60s", "display_name", "botkeeper-access-review", "num_uses", 0)));
		String token = created.getAuth().get("client_token").toString();
		try {
			VaultResponse answer = connection.calls().run(access("write", "sys/capabilities"),
					() -> connection.template().write("sys/capabilities", Map.of("token", token, "paths", paths)));
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
			connection.calls().run(access("write", "auth/token/revoke"),
					() -> connection.template().write("auth/token/revoke", Map.of("token", token)));
		}
	}

	private static VaultAccess access(String verb, String path) {
		return new VaultAccess(verb, path, "sys", OPERATOR, false);
	}

}
