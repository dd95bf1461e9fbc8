package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.testsupport.ServeWorld.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code botkeeper.config} in the real {@code serve} (its own Vault, the GitHub simulator on the real
 * clock): a token bound elsewhere than the file declares is not written, the others are; the three lists
 * are in {@code /api/status}, on the page and in the {@code botkeeper_config_*} gauges; a file that
 * becomes invalid is reported and its last valid version still holds the token back; an invalid file at
 * start-up stops serve with its {@code FILE:LINE} and exit 2, named by an argument or by
 * {@code BOTKEEPER_CONFIG} among the variables serve is given (which its Vault settings come from too).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(RealTimeGitHubExtension.class)
// A serve that starts when it should not runs until stopped: fail instead of hanging.
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServeBindingsFileIntegrationTests {

	private static final String ORG = "cfg-org";

	private static final String MATCHING = ORG + "/matching";

	private static final String ELSEWHERE = ORG + "/elsewhere";

	private static final String UNDECLARED = ORG + "/undeclared";

	private static final String MISSING = ORG + "/missing";

	private static final String ENVIRONMENT = "jupyterhub-bot";

	private static final String SECRET = "JUPYTERHUB_BOT_PAT";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path dir;

	private static Path file;

	private static DedicatedVault vault;

	private static GitHubSimulator github;

	private static RunningServe serve;

	private static Map<String, String> brokerEnv;

	private static String githubUrl;

	@BeforeAll
	static void start(RealTimeGitHub realTime) throws Exception {
		vault = DedicatedVault.start("bindings-file");
		github = realTime.simulator();
		githubUrl = realTime.url();
		for (String repo : new String[] { MATCHING, ELSEWHERE, UNDECLARED, MISSING }) {
			github.state().addRepository(repo);
			github.state().addEnvironment(repo, ENVIRONMENT);
		}
		// Where the record says: without the file, serve would write there.
		github.state().addEnvironment(ELSEWHERE, "other-env");
		String writer = LeakCanaries.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		ServeWorld.initialise(vault, writer);
		Map<String, String> root = vault.rootEnv();
		check(CliRun.withEnv(root, LeakCanaries.fineGrainedPat() + "\n", "token", "put", MATCHING));
		check(CliRun.withEnv(root, LeakCanaries.fineGrainedPat() + "\n", "token", "put", UNDECLARED));
		check(CliRun.withEnv(root, LeakCanaries.fineGrainedPat() + "\n", "token", "put", ELSEWHERE, "--environment",
				"other-env"));
		file = dir.resolve("botkeeper.yaml");
		Files.writeString(file, """
				bindings:
				  - repository: %s
				  - repository: %s
				    team: infra
				  - repository: %s
				""".formatted(MATCHING, ELSEWHERE, MISSING));
		brokerEnv = Map.of("BAO_ADDR", vault.server().address().toString(), "BAO_TOKEN", ServeWorld.brokerToken(vault),
				"GITHUB_API_URL", githubUrl, "BOTKEEPER_WRITE_GAP", "0s");
		// The variable here, the argument in the start-up test: both names the README gives.
		Map<String, String> withConfig = new java.util.HashMap<>(brokerEnv);
		withConfig.put("BOTKEEPER_CONFIG", file.toString());
		serve = RunningServe.start(withConfig, WebApplicationType.SERVLET, "--server.port=0",
				"--botkeeper.schedule.interval=1s");
	}

	@AfterAll
	static void stop() throws Exception {
		if (serve != null) {
			serve.close();
		}
		if (vault != null) {
			vault.close();
		}
	}

	@Test
	@Order(1)
	void aTokenBoundElsewhereShouldBeHeldBackAndTheListsShown() throws Exception {
		await("the matching and the undeclared token on GitHub", json -> pushed(MATCHING, ENVIRONMENT) != null
				&& pushed(UNDECLARED, ENVIRONMENT) != null);
		JsonNode config = await("a full run's check", json -> json.path("differing").size() == 1);

		assertThat(pushed(ELSEWHERE, "other-env")).as("bound elsewhere than declared: held back").isNull();
		assertThat(pushed(ELSEWHERE, ENVIRONMENT)).isNull();
		assertThat(config.path("file").asString()).isEqualTo(file.toString());
		assertThat(config.path("problem").isNull()).as(config.toString()).isTrue();
		JsonNode differing = config.path("differing").get(0);
		assertThat(differing.path("binding").asString()).isEqualTo(ELSEWHERE + ":" + ENVIRONMENT + "/" + SECRET);
		assertThat(differing.path("in_vault").asString()).isEqualTo(ELSEWHERE + ":other-env/" + SECRET);
		assertThat(differing.path("declared_at").asString()).isEqualTo(file + ":3");
		assertThat(differing.path("team").asString()).isEqualTo("infra");
		assertThat(config.path("missing").size()).as(config.toString()).isEqualTo(1);
		assertThat(config.path("missing").get(0).path("binding").asString()).startsWith(MISSING + ":");
		assertThat(config.path("undeclared").size()).as(config.toString()).isEqualTo(1);
		assertThat(config.path("undeclared").get(0).asString()).startsWith(UNDECLARED + ":");
		assertThat(serve.get("/actuator/prometheus")).contains("botkeeper_config_missing 1.0")
			.contains("botkeeper_config_differing 1.0")
			.contains("botkeeper_config_undeclared 1.0");
		assertThat(serve.get("/")).contains("<h2>Bindings as code</h2>")
			.contains("<tr data-config=\"differing\">")
			.contains("Vault's token is bound to " + ELSEWHERE + ":other-env/" + SECRET);
	}

	@Test
	@Order(2)
	void aFileThatBecameInvalidShouldBeReportedAndItsLastValidVersionUsed() throws Exception {
		Files.writeString(file, """
				bindings:
				  - repository: %s
				    destination: organisation
				""".formatted(MATCHING));

		JsonNode config = await("the problem reported", json -> !json.path("problem").isNull());

		assertThat(config.path("problem").asString()).contains(file + ":3: 'destination'");
		assertThat(config.path("differing").size()).as("the last valid file: " + config).isEqualTo(1);
		assertThat(pushed(ELSEWHERE, "other-env")).as("still held back").isNull();
		assertThat(serve.get("/")).contains("id=\"config-problem\"");
	}

	@Test
	@Order(3)
	void anInvalidFileAtStartUpShouldStopServeWithItsLines() throws Exception {
		Path bad = dir.resolve("bad.yaml");
		Files.writeString(bad, """
				bindings:
				  - repository: %s
				    colour: blue
				""".formatted(MATCHING));

		CliRun run = CliRun.withEnv(Map.of("BAO_ADDR", brokerEnv.get("BAO_ADDR"), "BAO_TOKEN", brokerEnv.get("BAO_TOKEN"),
				"HOME", dir.toString()), "", "serve", "--server.port=0", "--botkeeper.github.api-url=" + githubUrl,
				"--botkeeper.schedule.interval=10m", "--botkeeper.config=" + bad);

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains("botkeeper.config: " + bad + ":3: ").contains("colour");
	}

	@Test
	@Order(4)
	void theEnvironmentServeIsGivenShouldBeWhereItReadsItsFileAndItsVaultToken() throws Exception {
		// Neither an argument nor a variable of this process: the file is named by BOTKEEPER_CONFIG and the token
		// is HOME's .vault-token, both only in the variables given to the command line (main gives the process's).
		Path bad = dir.resolve("bad-from-env.yaml");
		Files.writeString(bad, """
				bindings:
				  - repository: %s
				    colour: blue
				""".formatted(MATCHING));
		Path home = Files.createDirectories(dir.resolve("home"));
		Path vaultToken = Files.writeString(home.resolve(".vault-token"), brokerEnv.get("BAO_TOKEN"));
		Files.setPosixFilePermissions(vaultToken, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

		CliRun run = CliRun.withEnv(Map.of("BAO_ADDR", brokerEnv.get("BAO_ADDR"), "HOME", home.toString(),
				"BOTKEEPER_CONFIG", bad.toString()), "", "serve", "--server.port=0",
				"--botkeeper.github.api-url=" + githubUrl, "--botkeeper.schedule.interval=10m");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).as(run.describe()).contains("botkeeper.config: " + bad + ":3: ").contains("colour");
	}

	private static String pushed(String repo, String environment) {
		return ServeWorld.pushed(github, repo, environment, SECRET);
	}

	/** {@code config} of {@code /api/status} once it passes {@code test}, within 30 s. */
	private static JsonNode await(String what, Predicate<JsonNode> test) throws Exception {
		Instant deadline = Instant.now().plusSeconds(30);
		while (true) {
			JsonNode config = JSON.readTree(serve.get("/api/status")).path("config");
			if (test.test(config)) {
				return config;
			}
			assertThat(Instant.now()).as("waited 30 s for: " + what + "; last " + config).isBefore(deadline);
			Thread.sleep(200);
		}
	}

}
