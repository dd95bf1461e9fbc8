package org.botkeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.botkeeper.serve.BotkeeperProperties;
import org.botkeeper.testsupport.Helm;
import org.botkeeper.vault.VaultSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart in {@code deploy/helm/botkeeper}, rendered by the real {@code helm} (built from the
 * Go module proxy, see {@link Helm}): it lints, renders two replicas of {@code serve} under the
 * restricted Pod Security Standard with probes on serve's real health endpoints, keeps the status page
 * inside the cluster, holds no credential, and every setting it passes is one botkeeper reads. No
 * cluster runs here: what Kubernetes does with the manifests is not tested.
 */
class HelmChartIntegrationTests {

	private static final Path CHART_DIR = Path.of("deploy", "helm");

	private static final String ADDRESS = "https://vault.vault.svc:8200";

	private static List<Map<String, Object>> render(String... sets) {
		List<String> args = new ArrayList<>(List.of("template", "bk", "botkeeper", "--set", "vault.address=" + ADDRESS));
		for (String set : sets) {
			args.add("--set");
			args.add(set);
		}
		Helm.Result result = Helm.run(CHART_DIR, args.toArray(String[]::new));
		assertThat(result.exitCode()).as(result.describe()).isZero();
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(result.out())) {
			if (document != null) {
				documents.add(map(document));
			}
		}
		return documents;
	}

	private static Map<String, Object> only(List<Map<String, Object>> documents, String kind) {
		List<Map<String, Object>> found = documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
		assertThat(found).as(kind).hasSize(1);
		return found.get(0);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

	private static Object at(Map<String, Object> root, String... path) {
		Object value = root;
		for (String key : path) {
			value = map(value).get(key);
		}
		return value;
	}

	private static Map<String, Object> podSpec(List<Map<String, Object>> documents) {
		return map(at(only(documents, "Deployment"), "spec", "template", "spec"));
	}

	private static Map<String, Object> serveContainer(List<Map<String, Object>> documents) {
		return list(podSpec(documents).get("containers")).get(0);
	}

	private static Map<String, String> environment(Map<String, Object> container) {
		Map<String, String> env = new HashMap<>();
		for (Map<String, Object> variable : list(container.get("env"))) {
			env.put((String) variable.get("name"), (String) variable.get("value"));
		}
		return env;
	}

	@Test
	void theChartShouldLintStrictly() {
		for (String auth : List.of("approle", "kubernetes")) {
			Helm.Result lint = Helm.run(CHART_DIR, "lint", "--strict", "botkeeper", "--set", "vault.address=" + ADDRESS,
					"--set", "vault.auth=" + auth);

			assertThat(lint.exitCode()).as(auth + ": " + lint.out() + lint.describe()).isZero();
			assertThat(lint.out()).contains("0 chart(s) failed");
		}
	}

	@Test
	void withoutAVaultAddressRenderingShouldFailSayingWhatToSet() {
		Helm.Result result = Helm.run(CHART_DIR, "template", "bk", "botkeeper");

		assertThat(result.exitCode()).isNotZero();
		assertThat(result.err()).contains("vault.address is required");
	}

	@Test
	void theDefaultsShouldRenderTwoReplicasAPodDisruptionBudgetANetworkPolicyAndNoExposure() {
		List<Map<String, Object>> documents = render();

		assertThat(documents).extracting(d -> d.get("kind"))
			.containsExactlyInAnyOrder("Deployment", "Service", "ServiceAccount", "PodDisruptionBudget", "NetworkPolicy");
		assertThat(at(only(documents, "Deployment"), "spec", "replicas")).isEqualTo(2);
		assertThat(at(only(documents, "PodDisruptionBudget"), "spec", "minAvailable")).isEqualTo(1);
		assertThat(at(only(documents, "Service"), "spec", "type")).as("the status page stays inside the cluster")
			.isEqualTo("ClusterIP");
		Map<String, Object> policy = map(only(documents, "NetworkPolicy").get("spec"));
		assertThat(list(policy.get("ingress"))).as("nobody may reach the pods unless allowFrom says so").isEmpty();
		assertThat(policy.get("policyTypes")).isEqualTo(List.of("Ingress", "Egress"));
		assertThat(render("serviceMonitor.enabled=true")).extracting(d -> d.get("kind")).contains("ServiceMonitor");
		assertThat(at(only(render("serviceMonitor.enabled=true"), "ServiceMonitor"), "spec", "endpoints"))
			.asString().contains("/actuator/prometheus");
	}

	@Test
	void everyContainerShouldRunRestrictedNonRootOnAReadOnlyRootFilesystemWithLimits() {
		Map<String, Object> pod = podSpec(render());
		List<Map<String, Object>> containers = new ArrayList<>(list(pod.get("containers")));
		containers.addAll(list(pod.get("initContainers")));

		assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
		assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
		for (Map<String, Object> container : containers) {
			Map<String, Object> security = map(container.get("securityContext"));
			assertThat(security).as(container.get("name").toString())
				.containsEntry("runAsNonRoot", true)
				.containsEntry("readOnlyRootFilesystem", true)
				.containsEntry("allowPrivilegeEscalation", false);
			assertThat(at(security, "capabilities", "drop")).isEqualTo(List.of("ALL"));
			assertThat(at(container, "resources", "limits", "memory")).as(container.get("name").toString()).isNotNull();
		}
	}

	@Test
	void probesShouldAskServesRealHealthEndpoints() {
		Map<String, Object> serve = serveContainer(render());

		assertThat(serve.get("args")).isEqualTo(List.of("serve"));
		assertThat(at(serve, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
		assertThat(at(serve, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health");
		assertThat(environment(serve)).as("Spring Boot serves /actuator/health/liveness only with probes on")
			.containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
	}

	@Test
	void theAppRoleShouldComeFromAKubernetesSecretAsFilesOnlyThePodCanRead() {
		List<Map<String, Object>> documents = render();
		Map<String, Object> pod = podSpec(documents);
		Map<String, Object> secretVolume = list(pod.get("volumes")).stream()
			.filter(volume -> volume.containsKey("secret"))
			.findFirst()
			.orElseThrow();

		assertThat(at(secretVolume, "secret", "secretName")).isEqualTo("botkeeper-approle");
		assertThat(at(secretVolume, "secret", "defaultMode")).as("0440: readable by the pod's group only").isEqualTo(0440);
		Map<String, Object> copied = list(pod.get("volumes")).stream()
			.filter(volume -> "approle-files".equals(volume.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(at(copied, "emptyDir", "medium")).as("the copies live in memory").isEqualTo("Memory");
		assertThat(list(pod.get("initContainers")).get(0).get("command").toString()).contains("install -m 600");
		// No credential in the manifests: the only Secret is referenced, never rendered.
		assertThat(documents).extracting(d -> d.get("kind")).doesNotContain("Secret");
		assertThat(documents.toString()).doesNotContainIgnoringCase("secret_id=").doesNotContain("hvs.");
	}

	@Test
	void withKubernetesAuthThePodShouldLogInWithItsServiceAccountTokenAndHoldNoAppRole() {
		List<Map<String, Object>> documents = render("vault.auth=kubernetes", "vault.kubernetes.role=bk-role",
				"vault.kubernetes.path=k8s-prod");
		Map<String, Object> pod = podSpec(documents);
		Map<String, String> env = environment(serveContainer(documents));

		assertThat(pod.get("automountServiceAccountToken")).as("the token is serve's Vault login").isEqualTo(true);
		assertThat(pod).doesNotContainKey("initContainers");
		assertThat(list(pod.get("volumes"))).extracting(volume -> volume.get("name")).containsExactly("tmp");
		assertThat(env).doesNotContainKeys("BOTKEEPER_VAULT_ROLE_ID_FILE", "BOTKEEPER_VAULT_SECRET_ID_FILE")
			.containsEntry("BOTKEEPER_VAULT_KUBERNETES_ROLE", "bk-role")
			.containsEntry("BOTKEEPER_VAULT_KUBERNETES_PATH", "k8s-prod");
		BotkeeperProperties.Vault vault = bind(env).vault();
		assertThat(vault.kubernetes()).isTrue();
		assertThat(vault.appRole()).isFalse();
		assertThat(vault.kubernetesRole()).isEqualTo("bk-role");
		assertThat(vault.kubernetesPath()).isEqualTo("k8s-prod");
		assertThat(vault.kubernetesTokenFile()).as("where Kubernetes mounts the token")
			.isEqualTo(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
		assertThat(at(only(documents, "ServiceAccount"), "automountServiceAccountToken"))
			.as("only this pod, which asks for it, gets the token").isEqualTo(false);

		Helm.Result wrong = Helm.run(CHART_DIR, "template", "bk", "botkeeper", "--set", "vault.address=" + ADDRESS, "--set",
				"vault.auth=token");
		assertThat(wrong.exitCode()).isNotZero();
		assertThat(wrong.err()).contains("vault.auth must be approle or kubernetes, not 'token'");
	}

	private static BotkeeperProperties bind(Map<String, String> env) {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new HashMap<>(env)));
		return new Binder(ConfigurationPropertySources.from(sources)).bind("botkeeper", BotkeeperProperties.class).get();
	}

	@Test
	void everySettingTheChartPassesShouldBeOneBotkeeperReads() {
		Map<String, String> env = environment(serveContainer(render("github.apiUrl=https://ghes.example/api/v3",
				"vault.caSecret.name=vault-ca", "env.BOTKEEPER_SCHEDULE_INTERVAL=7m")));
		MutablePropertySources sources = new MutablePropertySources();
		sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new HashMap<>(env)));
		Binder binder = new Binder(ConfigurationPropertySources.from(sources));

		BotkeeperProperties broker = binder.bind("botkeeper", BotkeeperProperties.class).get();
		assertThat(broker.vault().roleIdFile()).isEqualTo(Path.of("/run/botkeeper/role-id"));
		assertThat(broker.vault().secretIdFile()).isEqualTo(Path.of("/run/botkeeper/secret-id"));
		assertThat(broker.vault().secretIdWrapped()).isFalse();
		assertThat(broker.vault().kubernetes()).as("AppRole is the default login").isFalse();
		assertThat(broker.schedule().interval()).hasMinutes(7);
		ServerProperties server = binder.bind("server", ServerProperties.class).get();
		assertThat(Objects.toString(server.getAddress())).contains("0.0.0.0");
		assertThat(server.getPort()).isEqualTo(8080);
		Map<String, String> vaultEnv = new HashMap<>(env);
		vaultEnv.put("HOME", "/nonexistent");
		// Read, and checked: the CA file is mounted in the pod, not on this machine.
		assertThatThrownBy(() -> VaultSettings.forLogin(vaultEnv))
			.hasMessageContaining("VAULT_CACERT names /etc/botkeeper/vault-ca/ca.crt");
		vaultEnv.remove("VAULT_CACERT");
		assertThat(VaultSettings.forLogin(vaultEnv).address()).hasToString(ADDRESS);
		assertThat(env).containsEntry("GITHUB_API_URL", "https://ghes.example/api/v3");
	}

}
