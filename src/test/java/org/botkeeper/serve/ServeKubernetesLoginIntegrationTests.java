package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.testsupport.ServeWorld.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DedicatedVault;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.RealTimeGitHub;
import org.botkeeper.testsupport.RealTimeGitHubExtension;
import org.botkeeper.testsupport.RunningServe;
import org.botkeeper.testsupport.ServeWorld;
import org.botkeeper.testsupport.SimulatedKubernetes;
import org.botkeeper.testsupport.VaultFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;

/**
 * {@code serve} logging in to Vault with the Kubernetes auth method, as a pod of the Helm chart does.
 * <b>Vault is real</b> (a server of this class's own, OpenBao or HashiCorp Vault as the run chooses), and so
 * is {@code vault init --kubernetes-host} that sets the method up, through the real command line with a
 * token of {@code vault-policies/botkeeper-operator.hcl}.
 * <b>Kubernetes is simulated</b> ({@link SimulatedKubernetes}): only the TokenReview API, which Vault calls to
 * ask whether a service-account token is genuine; no pod, no kubelet, no projected volume. GitHub is the
 * simulator on the real clock. The service-account tokens are canaries: no output may show them.
 */
@ExtendWith(RealTimeGitHubExtension.class)
// A serve that starts when it should not runs until stopped: fail after 3 minutes instead of hanging.
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServeKubernetesLoginIntegrationTests {

	private static final String NAMESPACE = "botkeeper";

	private static final String SERVICE_ACCOUNT = "botkeeper";

	private static final String REPO = "k8s-org/one";

	private static DedicatedVault vault;

	private static SimulatedKubernetes kubernetes;

	private static GitHubSimulator github;

	private static String githubUrl;

	private static Path caFile;

	private static Map<String, String> operatorEnv;

	@TempDir
	Path dir;

	@BeforeAll
	static void start(RealTimeGitHub realTime, @TempDir Path shared) throws Exception {
		vault = DedicatedVault.start("kubernetes");
		kubernetes = SimulatedKubernetes.start();
		github = realTime.simulator();
		githubUrl = realTime.url();
		github.state().addRepository(REPO);
		github.state().addEnvironment(REPO, "jupyterhub-bot");
		String writer = LeakCanaries.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		caFile = SimulatedKubernetes.writeCaFile(shared.resolve("ca.crt"));
		// As an operator runs it: with vault-policies/botkeeper-operator.hcl, not root, so the policy is tested too.
		VaultFixture fixture = vault.fixture();
		fixture.root().write("sys/policies/acl/botkeeper-operator",
				Map.of("policy", fixture.policyText("botkeeper-operator")));
		String operator = LeakCanaries.plant(fixture.root()
			.write("auth/token/create", Map.of("policies", List.of("botkeeper-operator"), "ttl", "10m"))
			.getAuth()
			.get("client_token")
			.toString());
		operatorEnv = new HashMap<>(vault.rootEnv());
		operatorEnv.put("VAULT_TOKEN", operator);
		CliRun init = CliRun.withEnv(operatorEnv, "", initArguments(kubernetes.url()).toArray(String[]::new));
		check(init);
		assertThat(init.out()).as(init.describe()).contains("auth kubernetes/").contains("kubernetes auth config")
			.contains("kubernetes role botkeeper-broker");
		check(CliRun.withEnv(vault.rootEnv(), writer + "\n", "writer", "set", "--pat"));
		check(CliRun.withEnv(vault.rootEnv(), LeakCanaries.fineGrainedPat() + "\n", "token", "put", REPO));
	}

	@AfterAll
	static void stop() {
		if (kubernetes != null) {
			kubernetes.close();
		}
		if (vault != null) {
			vault.close();
		}
	}

	private static List<String> initArguments(String host) {
		return List.of("vault", "init", "--kubernetes-host", host, "--kubernetes-ca-file", caFile.toString(),
				"--kubernetes-service-account", SERVICE_ACCOUNT, "--kubernetes-namespace", NAMESPACE);
	}

	@Test
	void vaultInitShouldChangeNothingTheSecondTimeAndRefuseAnotherApiServer() {
		List<String> again = new ArrayList<>(initArguments(kubernetes.url()));
		again.add("--plan");
		CliRun plan = CliRun.withEnv(operatorEnv, "", again.toArray(String[]::new));
		CliRun elsewhere = CliRun.withEnv(operatorEnv, "",
				initArguments("https://127.0.0.1:6443").toArray(String[]::new));

		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.err()).as(plan.describe()).contains("Nothing changed");
		assertThat(elsewhere.exitCode()).as(elsewhere.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(elsewhere.err()).contains("trusts the API server '" + kubernetes.url() + "', not 'https://127.0.0.1:6443'")
			.contains("Nothing was changed");
	}

	@Test
	void vaultInitShouldBindTheRoleToTheOneServiceAccountWithTheBrokerPolicy() {
		Map<String, Object> role = vault.fixture().root().read("auth/kubernetes/role/botkeeper-broker").getRequiredData();
		Map<String, Object> config = vault.fixture().root().read("auth/kubernetes/config").getRequiredData();

		assertThat(role.get("bound_service_account_names")).isEqualTo(List.of(SERVICE_ACCOUNT));
		assertThat(role.get("bound_service_account_namespaces")).isEqualTo(List.of(NAMESPACE));
		assertThat(role.get("token_policies")).isEqualTo(List.of("botkeeper-broker"));
		assertThat(((Number) role.get("token_ttl")).longValue()).isEqualTo(3600);
		assertThat(config).containsEntry("kubernetes_host", kubernetes.url()).containsEntry("disable_local_ca_jwt", true);
	}

	@Test
	void vaultInitShouldRefuseIncompleteOrInvalidKubernetesOptionsBeforeAnyRequest() throws IOException {
		Path notPem = Files.writeString(dir.resolve("not-a-ca"), "hello");
		Map<String, List<String>> cases = Map.of(
				"--kubernetes-ca-file, --kubernetes-service-account and --kubernetes-namespace need --kubernetes-host URL",
				List.of("--kubernetes-namespace", NAMESPACE),
				"--kubernetes-host needs --kubernetes-service-account NAME and --kubernetes-namespace NAME",
				List.of("--kubernetes-host", kubernetes.url(), "--kubernetes-namespace", NAMESPACE),
				"Invalid Kubernetes name 'Bot_Keeper'",
				List.of("--kubernetes-host", kubernetes.url(), "--kubernetes-service-account", "Bot_Keeper",
						"--kubernetes-namespace", NAMESPACE),
				"--kubernetes-ca-file " + notPem + " holds no PEM certificate",
				List.of("--kubernetes-host", kubernetes.url(), "--kubernetes-ca-file", notPem.toString(),
						"--kubernetes-service-account", SERVICE_ACCOUNT, "--kubernetes-namespace", NAMESPACE),
				"--kubernetes-host is http://kubernetes.example.org: plain http to a host other than this machine",
				List.of("--kubernetes-host", "http://kubernetes.example.org", "--kubernetes-service-account",
						SERVICE_ACCOUNT, "--kubernetes-namespace", NAMESPACE));
		// A Vault address nothing answers at: a refusal must come before any request.
		Map<String, String> nowhere = Map.of("VAULT_ADDR", "http://127.0.0.1:9", "VAULT_TOKEN", "unused", "HOME",
				dir.toString());
		for (Map.Entry<String, List<String>> refusal : cases.entrySet()) {
			List<String> argv = new ArrayList<>(List.of("vault", "init"));
			argv.addAll(refusal.getValue());

			CliRun init = CliRun.withEnv(nowhere, "", argv.toArray(String[]::new));

			assertThat(init.exitCode()).as(init.describe()).isEqualTo(ExitCodes.BAD_INPUT);
			assertThat(init.err()).as(init.describe()).contains(refusal.getKey());
		}
	}

	@Test
	void serveShouldLogInWithThePodsServiceAccountTokenAndSync() throws Exception {
		// Readable by all, as the kubelet projects it: serve accepts that for this token (CredentialFiles).
		Path token = tokenFile(kubernetes.issue(NAMESPACE, SERVICE_ACCOUNT), "rw-r--r--");
		int reviewsBefore = kubernetes.reviews();

		try (RunningServe serve = RunningServe.start(Map.of("GITHUB_API_URL", githubUrl, "BOTKEEPER_WRITE_GAP", "0s",
				"BOTKEEPER_VAULT_KUBERNETES_ROLE", "botkeeper-broker"), WebApplicationType.SERVLET, "--server.port=0",
				"--botkeeper.vault.address=" + vault.server().address(),
				"--botkeeper.vault.kubernetes-token-file=" + token, "--botkeeper.schedule.interval=1s")) {
			RunningServe.await("the token synced", () -> ServeWorld.pushed(github, REPO, "jupyterhub-bot",
					"JUPYTERHUB_BOT_PAT") != null);
			assertThat(serve.context().getBean(ServeStartupLine.class).line(null))
				.contains("(login: Kubernetes at auth/kubernetes as role botkeeper-broker)");
			// The push comes before the run ends and the status says so.
			RunningServe.await("the run reported", () -> {
				try {
					return serve.get("/api/status").contains("\"synced\":1");
				}
				catch (IOException | InterruptedException ex) {
					return false;
				}
			});
		}
		assertThat(kubernetes.reviews()).as("Vault asked the API server about the token").isGreaterThan(reviewsBefore);
	}

	@Test
	void aTokenOfAnotherServiceAccountShouldStopStartUpNamingTheRoleAndAuthPath() throws IOException {
		Path token = tokenFile(kubernetes.issue(NAMESPACE, "someone-else"), "rw-------");

		CliRun serve = serve(token);

		assertThat(serve.exitCode()).as(serve.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(serve.err()).contains("Vault refused the Kubernetes login as role 'botkeeper-broker' at auth/kubernetes/")
			.contains("vault read auth/kubernetes/role/botkeeper-broker")
			.doesNotContain("Internal error");
		// The refusal is the whole story: no framework stack trace around it, on either stream.
		assertThat(serve.out() + serve.err()).doesNotContainPattern("\\tat (org|java)\\.");
		LeakCanaries.assertNoLeak("serve's output", serve.out() + serve.err());
	}

	@Test
	void aMissingOrWritableTokenFileShouldStopStartUpWithTheFix() throws IOException {
		Path writable = tokenFile(kubernetes.issue(NAMESPACE, SERVICE_ACCOUNT), "rw-rw-r--");

		CliRun missing = serve(dir.resolve("no-such-token"));
		CliRun shared = serve(writable);

		assertThat(missing.exitCode()).as(missing.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(missing.err()).contains("botkeeper.vault.kubernetes-token-file must name a readable file");
		assertThat(shared.exitCode()).as(shared.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(shared.err()).contains("botkeeper.vault.kubernetes-token-file " + writable
				+ " can be written by group or others (mode rw-rw-r--)").contains("Run: chmod go-w " + writable);
		LeakCanaries.assertNoLeak("serve's output", shared.out() + shared.err());
	}

	@Test
	void kubernetesAndAppRoleTogetherShouldStopStartUp() throws IOException {
		Path token = tokenFile(kubernetes.issue(NAMESPACE, SERVICE_ACCOUNT), "rw-------");

		CliRun both = CliRun.withEnv(Map.of("HOME", dir.toString()), "", "serve", "--server.port=0",
				"--botkeeper.vault.address=" + vault.server().address(), "--botkeeper.vault.kubernetes-role=botkeeper-broker",
				"--botkeeper.vault.kubernetes-token-file=" + token, "--botkeeper.vault.role-id=some-role-id",
				"--botkeeper.vault.secret-id-file=" + token);

		assertThat(both.exitCode()).as(both.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(both.err()).contains("botkeeper.vault.kubernetes-role and botkeeper.vault.role-id (or role-id-file) are "
				+ "both set");
	}

	/** {@code botkeeper serve} with the Kubernetes login and {@code token} as its service-account token. */
	private CliRun serve(Path token) {
		return CliRun.withEnv(Map.of("HOME", dir.toString()), "", "serve", "--server.port=0",
				"--botkeeper.vault.address=" + vault.server().address(), "--botkeeper.vault.kubernetes-role=botkeeper-broker",
				"--botkeeper.vault.kubernetes-token-file=" + token, "--botkeeper.schedule.interval=10m",
				"--botkeeper.github.api-url=http://127.0.0.1:9");
	}

	private Path tokenFile(String token, String mode) throws IOException {
		Path file = Files.createTempFile(dir, "token", "");
		Files.writeString(file, token);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
		return file.toAbsolutePath();
	}

}
