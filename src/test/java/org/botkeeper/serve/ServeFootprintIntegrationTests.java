package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.testsupport.ServeWorld.check;

import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

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
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bot's footprint in the real {@code serve} (its own Vault, the GitHub simulator on the real clock
 * through Prism), computed every second here ({@code BOTKEEPER_FOOTPRINT_INTERVAL}): with no bot token in
 * Vault it is "not computed" and its gauges are NaN, never 0; once the bot's token is stored, the bot's
 * excess repository (reached through its team, with no binding) is in {@code /api/status}, on the page and
 * in {@code botkeeper_bot_excess_repositories}; once GitHub rejects that token, the footprint is a failure
 * that says what to do, and the gauges are NaN again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(RealTimeGitHubExtension.class)
class ServeFootprintIntegrationTests {

	private static final String ORG = "fp-org";

	private static final String BOUND = ORG + "/bound";

	private static final String EXCESS = ORG + "/excess";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static DedicatedVault vault;

	private static GitHubSimulator github;

	private static RunningServe serve;

	private static String botToken;

	@BeforeAll
	static void start(RealTimeGitHub realTime) throws Exception {
		vault = DedicatedVault.start("footprint");
		github = realTime.simulator();
		for (String repo : new String[] { BOUND, EXCESS }) {
			github.state().addRepository(repo).botPermission("none");
			github.state().addEnvironment(repo, "jupyterhub-bot");
		}
		github.state().addTeam(ORG, "bots").member(SimState.BOT).grant(BOUND, "write").grant(EXCESS, "write");
		String writer = LeakCanaries.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		ServeWorld.initialise(vault, writer);
		check(CliRun.withEnv(vault.rootEnv(), LeakCanaries.fineGrainedPat() + "\n", "token", "put", BOUND));
		String brokerToken = ServeWorld.brokerToken(vault);
		serve = RunningServe.start(Map.of("BAO_ADDR", vault.server().address().toString(), "BAO_TOKEN", brokerToken,
				"GITHUB_API_URL", realTime.url(), "BOTKEEPER_WRITE_GAP", "0s", "BOTKEEPER_FOOTPRINT_INTERVAL", "1s"),
				WebApplicationType.SERVLET, "--server.port=0", "--botkeeper.schedule.interval=1m");
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
	void withNoBotTokenTheFootprintShouldBeNotComputedAndItsGaugesUnknown() throws Exception {
		JsonNode footprint = await("the footprint skipped", json -> json.path("state").asString().equals("NOT_COMPUTED"));

		assertThat(footprint.path("reason").asString()).contains("no bot token").contains("botkeeper bot-token set");
		assertThat(footprint.path("findings").isNull()).as("unknown is not 'no findings': " + footprint).isTrue();
		assertThat(serve.get("/actuator/prometheus")).contains("botkeeper_bot_excess_repositories NaN")
			.contains("botkeeper_bot_footprint_findings{kind=\"excess\"} NaN");
		assertThat(serve.get("/")).contains("<h2>Bot footprint</h2>").contains("Not computed (no bot token");
	}

	@Test
	@Order(2)
	void withTheBotsTokenTheExcessRepositoryShouldBeAFindingAndTheGauge() throws Exception {
		botToken = LeakCanaries.classicPat();
		github.credentials().classicToken(botToken, SimState.BOT, null, "repo", "read:org");
		check(CliRun.withEnv(vault.rootEnv(), botToken + "\n", "bot-token", "set"));

		JsonNode footprint = await("the footprint computed", json -> json.path("state").asString().equals("COMPUTED"));

		assertThat(footprint.path("login").asString()).isEqualTo(SimState.BOT);
		assertThat(footprint.path("findings").size()).as(footprint.toString()).isEqualTo(1);
		JsonNode finding = footprint.path("findings").get(0);
		assertThat(finding.path("kind").asString()).isEqualTo("excess");
		assertThat(finding.path("where").asString()).isEqualTo(EXCESS);
		assertThat(finding.path("access").asString()).isEqualTo("team bots (write)");
		assertThat(finding.path("fix").asString()).isEqualTo("gh api -X DELETE orgs/" + ORG + "/teams/bots/repos/" + EXCESS);
		assertThat(serve.get("/actuator/prometheus")).contains("botkeeper_bot_excess_repositories 1.0")
			.contains("botkeeper_bot_footprint_findings{kind=\"excess\"} 1.0")
			.contains("botkeeper_bot_footprint_findings{kind=\"missing\"} 0.0");
		assertThat(serve.get("/")).contains("<tr data-finding=\"EXCESS\"><td class=\"bad\">excess</td><td>" + EXCESS + "</td>")
			.contains("gh api -X DELETE orgs/" + ORG + "/teams/bots/repos/" + EXCESS);
	}

	@Test
	@Order(3)
	void aBotTokenGitHubRejectsShouldBeAFailureWithUnknownGauges() throws Exception {
		github.credentials().revokeToken(botToken);

		JsonNode footprint = await("the footprint failed", json -> json.path("state").asString().equals("FAILED"));

		assertThat(footprint.path("problem").asString()).contains("401").contains("botkeeper bot-token set");
		assertThat(footprint.path("findings").isNull()).as(footprint.toString()).isTrue();
		assertThat(serve.get("/actuator/prometheus")).contains("botkeeper_bot_excess_repositories NaN");
		assertThat(serve.get("/")).contains("<p class=\"problem\">Failed at ");
	}

	/** {@code bot_footprint} of {@code /api/status} once it passes {@code test}, within 30 s. */
	private static JsonNode await(String what, Predicate<JsonNode> test) throws Exception {
		Instant deadline = Instant.now().plusSeconds(30);
		while (true) {
			JsonNode footprint = JSON.readTree(serve.get("/api/status")).path("bot_footprint");
			if (test.test(footprint)) {
				return footprint;
			}
			assertThat(Instant.now()).as("waited 30 s for: " + what + "; last " + footprint).isBefore(deadline);
			Thread.sleep(200);
		}
	}

}
