package org.botkeeper.vault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.vault.InitStep.Action;
import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;

/**
 * Lets {@code serve} log in from a Kubernetes pod with its service-account token instead of an AppRole
 * secret id copied into a Kubernetes Secret: enables the Kubernetes auth method at {@value #PATH}, points
 * it at the cluster's API server (which Vault asks, through the TokenReview API, whether a token is
 * genuine), and writes the role {@code botkeeper-broker} bound to one service account in one namespace,
 * granting the broker policy with 1-hour tokens.
 *
 * <p>With a CA file, Vault runs outside the cluster: it trusts that CA for the API server and reviews each
 * login with the pod's own token ({@code disable_local_ca_jwt}), so that service account needs the
 * {@code system:auth-delegator} cluster role. Without one, Vault runs in the cluster and uses its own pod's CA
 * and token. An existing configuration for another API server is refused, not rewritten: every role on
 * the mount would then accept that other cluster's tokens.
 *
 * @see <a href="https://openbao.org/api-docs/auth/kubernetes/">Kubernetes auth method API</a>
 */
public final class KubernetesAuthSetup {

	public static final String PATH = "kubernetes";

	private static final int TOKEN_TTL = 3600;

	private final VaultConnection connection;

	private final String host;

	private final String caCert;

	private final String serviceAccount;

	private final String namespace;

	/**
	 * @param host the API server's URL (checked by the caller)
	 * @param caCert the PEM of the CA that signed the API server's certificate, or null when Vault runs in the cluster
	 */
	public KubernetesAuthSetup(VaultConnection connection, String host, String caCert, String serviceAccount,
			String namespace) {
		this.connection = connection;
		this.host = host;
		this.caCert = caCert == null ? null : caCert.strip();
		this.serviceAccount = serviceAccount;
		this.namespace = namespace;
	}

	/** The steps, found by reading only; refusals come here, before anything is written. */
	List<InitStep.Planned> plan(Map<String, VaultMount> auths, String role, String policy) {
		List<InitStep.Planned> steps = new ArrayList<>();
		steps.add(AuthMethodStep.enable(connection, auths, PATH, "kubernetes", "Kubernetes"));
		steps.add(config());
		steps.add(role(role, policy));
		return steps;
	}

	private InitStep.Planned config() {
		String path = "auth/" + PATH + "/config";
		VaultResponse current = connection.readSetting(access("read", path), path);
		Map<String, Object> data = current == null || current.getData() == null ? Map.of() : current.getData();
		String currentHost = text(data.get("kubernetes_host"));
		if (!currentHost.isEmpty() && !currentHost.equals(host)) {
			throw new VaultException("Vault's Kubernetes auth method at '" + PATH + "/' trusts the API server '"
					+ currentHost + "', not '" + host + "'. vault init does not point it elsewhere: every role on it "
					+ "would accept that other cluster's tokens. Nothing was changed.");
		}
		boolean sameCa = text(data.get("kubernetes_ca_cert")).equals(caCert == null ? "" : caCert)
				&& Boolean.parseBoolean(text(data.get("disable_local_ca_jwt"))) == (caCert != null);
		Action action = currentHost.isEmpty() ? Action.CREATE : sameCa ? Action.UNCHANGED : Action.UPDATE;
		InitStep step = new InitStep("kubernetes auth config", action,
				"API server " + host + (caCert == null ? " (Vault in the cluster: its own CA and token)" : " with the given CA"));
		if (action == Action.UNCHANGED) {
			return InitStep.Planned.unchanged(step);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("kubernetes_host", host);
		if (caCert != null) {
			body.put("kubernetes_ca_cert", caCert);
		}
		// Outside the cluster there is no local CA or token; Vault then reviews a login with the login's own token.
		body.put("disable_local_ca_jwt", caCert != null);
		return new InitStep.Planned(step,
				() -> connection.calls().run(access("write", path), () -> connection.template().write(path, body)));
	}

	private InitStep.Planned role(String role, String policy) {
		String path = "auth/" + PATH + "/role/" + role;
		VaultResponse current = connection.readSetting(access("read", path), path);
		Map<String, Object> data = current == null ? null : current.getData();
		List<String> changes = new ArrayList<>();
		if (data != null) {
			compare(changes, "bound_service_account_names", data.get("bound_service_account_names"), serviceAccount);
			compare(changes, "bound_service_account_namespaces", data.get("bound_service_account_namespaces"), namespace);
			compare(changes, "token_policies", data.get("token_policies"), policy);
			if (!(data.get("token_ttl") instanceof Number ttl && ttl.longValue() == TOKEN_TTL)) {
				changes.add("token_ttl " + data.get("token_ttl") + " -> " + TOKEN_TTL);
			}
		}
		Action action = data == null ? Action.CREATE : changes.isEmpty() ? Action.UNCHANGED : Action.UPDATE;
		String detail = "service account " + namespace + "/" + serviceAccount + ", token_policies=" + policy
				+ ", token_ttl=1h";
		InitStep step = new InitStep("kubernetes role " + role, action,
				action == Action.UPDATE ? detail + " (" + String.join(", ", changes) + ")" : detail);
		if (action == Action.UNCHANGED) {
			return InitStep.Planned.unchanged(step);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("bound_service_account_names", List.of(serviceAccount));
		body.put("bound_service_account_namespaces", List.of(namespace));
		body.put("token_policies", List.of(policy));
		body.put("token_ttl", TOKEN_TTL);
		return new InitStep.Planned(step,
				() -> connection.calls().run(access("write", path), () -> connection.template().write(path, body)));
	}

	/** Adds "name [current] -> [wanted]" unless {@code current} is exactly the one value {@code wanted}. */
	private static void compare(List<String> changes, String name, Object current, String wanted) {
		if (!(current instanceof Collection<?> values && values.size() == 1 && wanted.equals(String.valueOf(values.iterator().next())))) {
			changes.add(name + " " + current + " -> [" + wanted + "]");
		}
	}

	private static String text(Object value) {
		return value == null ? "" : value.toString().strip();
	}

	private static VaultAccess access(String verb, String path) {
		return new VaultAccess(verb, path, "sys", VaultBootstrap.OPERATOR, false);
	}

}
