package org.botkeeper.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.botkeeper.vault.InitStep.Action;
import org.botkeeper.vault.InitStep.Planned;
import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;

/**
 * Prepares a Vault server for botkeeper, idempotently: the KV v2 and TOTP mounts, the policies from
 * {@code vault-policies/}, the AppRole auth method and the broker's role ({@link BrokerRole}: secret
 * ids that expire, optional CIDR bindings). Everything is read and checked first, and only then
 * written, in order; a second run changes nothing.
 *
 * <p>Policies and the role are named for the mounts ({@link VaultLayout#policyName}), so setting up
 * other mounts never rewrites what people of the default ones hold; and a policy that grants paths in
 * another existing mount is never rewritten (who holds it would lose those rights without being
 * told). When a write fails part of the way, the error lists what had been changed already
 * ({@link InitIncompleteException}).
 *
 * @see <a href="https://openbao.org/api-docs/auth/approle/">AppRole API</a>
 */
public final class VaultBootstrap {

	public static final String APPROLE_PATH = "approle";

	/** Named after the one policy it grants. */
	public static final String BROKER_ROLE = Policy.BROKER.policyName();

	/** The policy an operator needs for {@code vault init}, shipped in {@code vault-policies/}. */
	public static final String OPERATOR_POLICY = Policy.OPERATOR.policyName();

	static final String OPERATOR = "policy '" + OPERATOR_POLICY + "' (" + Policy.OPERATOR.file() + ") or a root token";

	private final VaultConnection connection;

	private final VaultLayout layout;

	private final PolicyDocuments policies;

	private final GitHubAuthSetup githubAuth;

	private final BrokerRole brokerRole;

	private final GitHubOidcSetup githubOidc;

	private final KubernetesAuthSetup kubernetes;

	private final AuditDeviceSetup auditDevice;

	public VaultBootstrap(VaultConnection connection, VaultLayout layout) {
		this(connection, layout, null, BrokerRole.defaults(), null, null, null);
	}

	/**
	 * @param githubAuth admins' GitHub-identity login to set up too, or null
	 * @param brokerRole the broker's AppRole role settings (secret-id TTL, CIDR bindings)
	 * @param githubOidc the JWT auth method for GitHub Actions' OIDC tokens to set up too, or null
	 * @param kubernetes the Kubernetes auth method for serve in a pod to set up too, or null
	 * @param auditDevice the file audit device to enable (or, on OpenBao, to find declared) too, or null
	 */
	public VaultBootstrap(VaultConnection connection, VaultLayout layout, GitHubAuthSetup githubAuth,
			BrokerRole brokerRole, GitHubOidcSetup githubOidc, KubernetesAuthSetup kubernetes,
			AuditDeviceSetup auditDevice) {
		this.connection = connection;
		this.layout = layout;
		this.policies = new PolicyDocuments(layout);
		this.githubAuth = githubAuth;
		this.brokerRole = brokerRole;
		this.githubOidc = githubOidc;
		this.kubernetes = kubernetes;
		this.auditDevice = auditDevice;
	}

	/** The broker's AppRole role for {@code layout}: {@code botkeeper-broker}, or named for other mounts. */
	public static String brokerRole(VaultLayout layout) {
		return layout.policyName(BROKER_ROLE);
	}

	/** What {@link #apply()} would do, without writing anything. */
	public List<InitStep> plan() {
		return read().stream().map(Planned::step).toList();
	}

	/**
	 * Does what {@link #plan()} shows; returns the steps as done.
	 *
	 * @throws InitIncompleteException when a write fails, naming what had been changed before it
	 */
	public List<InitStep> apply() {
		List<Planned> planned = read();
		List<InitStep> done = new ArrayList<>();
		for (Planned step : planned) {
			if (step.write() != null) {
				try {
					step.write().run();
				}
				catch (RuntimeException ex) {
					throw new InitIncompleteException(step.step(), done, ex);
				}
			}
			done.add(step.step());
		}
		return done;
	}

	/** Every step, found by reading only; refusals (a mount of another type, a foreign policy) come here. */
	private List<Planned> read() {
		Map<String, VaultMount> mounts = call("read", "sys/mounts", () -> connection.template().opsForSys().getMounts());
		Map<String, VaultMount> auths = call("read", "sys/auth", () -> connection.template().opsForSys().getAuthMounts());
		Set<String> existing = new TreeSet<>(mounts.keySet());
		auths.keySet().forEach(path -> existing.add("auth/" + path));
		List<Planned> steps = new ArrayList<>();
		steps.add(mount(mounts, layout.kvMount(), VaultMount.builder().type("kv").options(Map.of("version", "2")).build(),
				"KV version 2"));
		steps.add(mount(mounts, layout.totpMount(), VaultMount.create("totp"), "TOTP"));
		for (String name : PolicyDocuments.INIT_POLICIES) {
			steps.add(policy(name, existing));
		}
		steps.add(AuthMethodStep.enable(connection, auths, APPROLE_PATH, "approle", "AppRole"));
		steps.add(brokerRole());
		if (githubAuth != null) {
			steps.addAll(githubAuth.plan(auths));
		}
		if (githubOidc != null) {
			steps.addAll(githubOidc.plan(auths));
		}
		if (kubernetes != null) {
			steps.addAll(kubernetes.plan(auths, brokerRole(layout), layout.policyName(BROKER_ROLE)));
		}
		if (auditDevice != null) {
			steps.add(auditDevice.plan());
		}
		return steps;
	}

	private Planned mount(Map<String, VaultMount> mounts, String path, VaultMount wanted, String kind) {
		String target = "mount " + path + "/";
		VaultMount existing = mounts.get(path + "/");
		if (existing != null) {
			boolean sameType = Objects.equals(existing.getType(), wanted.getType());
			boolean sameVersion = !"kv".equals(wanted.getType()) || (existing.getOptions() != null
					&& "2".equals(String.valueOf(existing.getOptions().get("version"))));
			if (!sameType || !sameVersion) {
				throw new VaultException("Vault already has a mount at '" + path
						+ "/' of type " + existing.getType() + ", not " + kind + ". Choose another mount "
						+ "(--kv-mount / --totp-mount) or move that one away. Nothing was changed.");
			}
			return Planned.unchanged(new InitStep(target, Action.UNCHANGED, kind));
		}
		return new Planned(new InitStep(target, Action.CREATE, kind),
				() -> call("write", "sys/mounts/" + path, () -> connection.template().opsForSys().mount(path, wanted)));
	}

	/**
	 * Policy {@code file} under this layout's name. An existing policy that grants paths in another mount
	 * that exists is refused, not rewritten: it belongs to other mounts, or to someone else.
	 */
	private Planned policy(String file, Set<String> existingMounts) {
		String name = layout.policyName(file);
		String wanted = policies.text(file);
		VaultResponse existing = call("read", "sys/policies/acl/" + name,
				() -> connection.template().read("sys/policies/acl/" + name));
		Object found = existing == null || existing.getData() == null ? null : existing.getData().get("policy");
		String current = found == null ? null : found.toString();
		String source = "vault-policies/" + file + ".hcl";
		if (current != null && current.strip().equals(wanted.strip())) {
			return Planned.unchanged(new InitStep("policy " + name, Action.UNCHANGED, source));
		}
		if (current != null) {
			refuseForeign(name, current, existingMounts);
		}
		List<String> diff = PolicyDiff.lines(current, wanted);
		Action action = current == null ? Action.CREATE : Action.UPDATE;
		String detail = source + (action == Action.CREATE ? ", " + diff.size() + (diff.size() == 1 ? " rule" : " rules")
				: ": " + PolicyDiff.summary(diff));
		return new Planned(new InitStep("policy " + name, action, detail, diff),
				() -> call("write", "sys/policies/acl/" + name,
						() -> connection.template().write("sys/policies/acl/" + name, Map.of("policy", wanted))));
	}

	private void refuseForeign(String name, String current, Set<String> existingMounts) {
		List<String> ours = List.of(layout.kvMount() + "/", layout.totpMount() + "/");
		Set<String> foreign = new TreeSet<>();
		for (String path : PolicyDiff.paths(current)) {
			existingMounts.stream()
				.filter(mount -> path.startsWith(mount) && ours.stream().noneMatch(path::startsWith))
				.max(java.util.Comparator.comparingInt(String::length))
				.ifPresent(foreign::add);
		}
		if (!foreign.isEmpty()) {
			throw new VaultException("Policy '" + name + "' exists and grants paths in "
					+ "mount " + String.join(", ", foreign.stream().map(m -> "'" + m + "'").toList()) + ", not only in '"
					+ layout.kvMount() + "/' and '" + layout.totpMount() + "/', so vault init does not rewrite it: whoever "
					+ "holds it would lose those rights unnoticed. Nothing was changed.\n  It was written for other mounts "
					+ "(by an earlier botkeeper, which rewrote the shared policies for any --kv-mount, or by init with "
					+ "another --totp-mount) or by hand. Check who holds it (botkeeper access), give them the policy of "
					+ "their mounts (init with --kv-mount MOUNT writes botkeeper-...-MOUNT), then delete it (vault policy "
					+ "delete " + name + ") and run init again.");
		}
	}

	private Planned brokerRole() {
		String role = brokerRole(layout);
		String path = "auth/" + APPROLE_PATH + "/role/" + role;
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
		String policy = layout.policyName(BROKER_ROLE);
		Map<String, Object> current = existing == null ? null : existing.getData();
		List<String> changes = current == null ? List.of() : brokerRole.changes(current, policy);
		Action action = current == null ? Action.CREATE : changes.isEmpty() ? Action.UNCHANGED : Action.UPDATE;
		String detail = brokerRole.describe(current, policy);
		InitStep step = new InitStep("approle role " + role, action,
				action == Action.UPDATE ? detail + " (" + String.join(", ", changes) + ")" : detail);
		return action == Action.UNCHANGED ? Planned.unchanged(step)
				: new Planned(step, () -> call("write", path, () -> connection.template().write(path, brokerRole.body(policy))));
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
