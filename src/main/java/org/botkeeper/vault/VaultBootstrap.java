package org.botkeeper.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.botkeeper.vault.InitStep.Action;
import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;

/**
 * Prepares a Vault server for botkeeper, idempotently: the KV v2 and TOTP mounts, the policies from
 * {@code vault-policies/}, the AppRole auth method and its {@code botkeeper-broker} role
 * ({@link BrokerRole}: secret ids that expire, optional CIDR bindings). Each step compares first and
 * writes only what differs, so a second run changes nothing.
 *
 * @see <a href="https://openbao.org/api-docs/auth/approle/">AppRole API</a>
 */
public final class VaultBootstrap {

	public static final String APPROLE_PATH = "approle";

	public static final String BROKER_ROLE = "botkeeper-broker";

	private static final String OPERATOR = "root (or an operator policy on sys/mounts, sys/auth and sys/policies/acl)";

	private final VaultConnection connection;

	private final VaultLayout layout;

	private final PolicyDocuments policies;

	private final GitHubAuthSetup githubAuth;

	private final BrokerRole brokerRole;

	public VaultBootstrap(VaultConnection connection, VaultLayout layout) {
		this(connection, layout, null, BrokerRole.defaults());
	}

	/**
	 * @param githubAuth admins' GitHub-identity login to set up too, or null
	 * @param brokerRole the broker's AppRole role settings (secret-id TTL, CIDR bindings)
	 */
	public VaultBootstrap(VaultConnection connection, VaultLayout layout, GitHubAuthSetup githubAuth,
			BrokerRole brokerRole) {
		this.connection = connection;
		this.layout = layout;
		this.policies = new PolicyDocuments(layout);
		this.githubAuth = githubAuth;
		this.brokerRole = brokerRole;
	}

	/** What {@link #apply()} would do, without writing anything. */
	public List<InitStep> plan() {
		return run(false);
	}

	/** Does what {@link #plan()} shows; returns the steps as done. */
	public List<InitStep> apply() {
		return run(true);
	}

	private List<InitStep> run(boolean write) {
		List<InitStep> steps = new ArrayList<>();
		Map<String, VaultMount> mounts = call("read", "sys/mounts", () -> connection.template().opsForSys().getMounts());
		steps.add(mount(mounts, layout.kvMount(), VaultMount.builder().type("kv").options(Map.of("version", "2")).build(),
				"KV version 2", write));
		steps.add(mount(mounts, layout.totpMount(), VaultMount.create("totp"), "TOTP", write));
		for (String name : PolicyDocuments.INIT_POLICIES) {
			steps.add(policy(name, write));
		}
		steps.add(approle(write));
		steps.add(brokerRole(write));
		if (githubAuth != null) {
			steps.addAll(githubAuth.run(write));
		}
		return steps;
	}

	private InitStep mount(Map<String, VaultMount> mounts, String path, VaultMount wanted, String kind, boolean write) {
		String target = "mount " + path + "/";
		VaultMount existing = mounts.get(path + "/");
		if (existing != null) {
			boolean sameType = Objects.equals(existing.getType(), wanted.getType());
			boolean sameVersion = !"kv".equals(wanted.getType()) || (existing.getOptions() != null
					&& "2".equals(String.valueOf(existing.getOptions().get("version"))));
			if (!sameType || !sameVersion) {
				throw new VaultException("Vault already has a mount at '" + path
						+ "/' of type " + existing.getType() + ", not " + kind + ". Choose another mount "
						+ "(--kv-mount / --totp-mount) or move that one away; botkeeper changes nothing else.");
			}
			return new InitStep(target, Action.UNCHANGED, kind);
		}
		if (write) {
			call("write", "sys/mounts/" + path, () -> connection.template().opsForSys().mount(path, wanted));
		}
		return new InitStep(target, Action.CREATE, kind);
	}

	private InitStep policy(String name, boolean write) {
		String wanted = policies.text(name);
		VaultResponse existing = call("read", "sys/policies/acl/" + name,
				() -> connection.template().read("sys/policies/acl/" + name));
		Object current = existing == null || existing.getData() == null ? null : existing.getData().get("policy");
		Action action = current == null ? Action.CREATE
				: current.toString().strip().equals(wanted.strip()) ? Action.UNCHANGED : Action.UPDATE;
		if (write && action != Action.UNCHANGED) {
			call("write", "sys/policies/acl/" + name,
					() -> connection.template().write("sys/policies/acl/" + name, Map.of("policy", wanted)));
		}
		return new InitStep("policy " + name, action, "from vault-policies/" + name + ".hcl");
	}

	private InitStep approle(boolean write) {
		Map<String, VaultMount> auths = call("read", "sys/auth", () -> connection.template().opsForSys().getAuthMounts());
		VaultMount existing = auths.get(APPROLE_PATH + "/");
		if (existing != null) {
			if (!"approle".equals(existing.getType())) {
				throw new VaultException("Vault has an auth method of type "
						+ existing.getType() + " at '" + APPROLE_PATH + "/', not approle. Move it away first.");
			}
			return new InitStep("auth " + APPROLE_PATH + "/", Action.UNCHANGED, "AppRole");
		}
		if (write) {
			call("write", "sys/auth/" + APPROLE_PATH,
					() -> connection.template().opsForSys().authMount(APPROLE_PATH, VaultMount.create("approle")));
		}
		return new InitStep("auth " + APPROLE_PATH + "/", Action.CREATE, "AppRole");
	}

	private InitStep brokerRole(boolean write) {
		String path = "auth/" + APPROLE_PATH + "/role/" + BROKER_ROLE;
		VaultResponse existing = null;
		try {
			existing = connection.template().read(path);
		}
		catch (RuntimeException ex) {
			// When --plan runs before AppRole is enabled, the role path has no handler yet: it does not exist.
			if (VaultCalls.status(ex) != 404 && VaultCalls.status(ex) != 405) {
				throw connection.calls().translate(access("read", path), ex);
			}
		}
		Map<String, Object> current = existing == null ? null : existing.getData();
		List<String> changes = current == null ? List.of() : brokerRole.changes(current);
		Action action = current == null ? Action.CREATE : changes.isEmpty() ? Action.UNCHANGED : Action.UPDATE;
		if (write && action != Action.UNCHANGED) {
			call("write", path, () -> connection.template().write(path, brokerRole.body()));
		}
		String detail = brokerRole.describe(current);
		return new InitStep("approle role " + BROKER_ROLE, action,
				action == Action.UPDATE ? detail + " (" + String.join(", ", changes) + ")" : detail);
	}

	private <T> T call(String verb, String path, java.util.function.Supplier<T> action) {
		return connection.calls().run(access(verb, path), action);
	}

	private void call(String verb, String path, Runnable action) {
		connection.calls().run(access(verb, path), action);
	}

	private static VaultAccess access(String verb, String path) {
		return new VaultAccess(verb, path, "sys", OPERATOR, false);
	}

}
