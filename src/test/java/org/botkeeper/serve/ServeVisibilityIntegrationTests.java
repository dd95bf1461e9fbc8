package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.testsupport.RunningServe.await;
import static org.botkeeper.testsupport.ServeWorld.check;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DedicatedVault;
import org.botkeeper.testsupport.HeadlessChromium;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.PagePixels;
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
 * The real {@code serve}, started with environment variables only as a person exports them (OpenBao's
 * {@code BAO_ADDR}/{@code BAO_TOKEN}, {@code GITHUB_API_URL}), against a Vault of its own and the GitHub
 * simulator on the real clock through Prism: a BLOCKED binding and a token GitHub reported revoked are never reported as success in
 * {@code /api/status}, the Prometheus gauges, health or the status page; then GitHub rejects the writer
 * credential, which is shown as the writer's problem, not a bound token's; then a GitHub outage opens the
 * circuit breaker, which the API, the gauge and the page show.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(RealTimeGitHubExtension.class)
class ServeVisibilityIntegrationTests {

	private static final String ENVIRONMENT = "jupyterhub-bot";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String OK = "vis-org/ok";

	private static final String OPEN = "vis-org/open";

	private static final String REVOKED = "vis-org/revoked";

	private static DedicatedVault vault;

	private static GitHubSimulator github;

	private static RunningServe serve;

	private static String writer;

	@BeforeAll
	static void start(RealTimeGitHub realTime) throws Exception {
		vault = DedicatedVault.start("visible");
		github = realTime.simulator();
		for (String repo : new String[] { OK, OPEN, REVOKED }) {
			github.state().addRepository(repo);
			github.state().addEnvironment(repo, ENVIRONMENT);
		}
		github.state().repository(OPEN).environment(ENVIRONMENT).unprotect(Instant.now());
		writer = LeakCanaries.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		ServeWorld.initialise(vault, writer);
		Map<String, String> root = vault.rootEnv();
		for (String repo : new String[] { OK, OPEN }) {
			check(CliRun.withEnv(root, LeakCanaries.fineGrainedPat() + "\n", "token", "put", repo));
		}
		// A token the simulated GitHub never issued: token check records it as revoked, 60 days before its date.
		check(CliRun.withEnv(root, LeakCanaries.fineGrainedPat() + "\n", "token", "put", REVOKED, "--expires",
				LocalDate.now().plusDays(60).toString()));
		String brokerToken = ServeWorld.brokerToken(vault);
		Map<String, String> brokerEnv = Map.of("VAULT_ADDR", vault.server().address().toString(), "VAULT_TOKEN",
				brokerToken, "GITHUB_API_URL", realTime.url(), "HOME", root.get("HOME"));
		CliRun tokenCheck = CliRun.withEnv(brokerEnv, "", "token", "check", REVOKED);
		assertThat(tokenCheck.out()).as(tokenCheck.describe()).contains("revoked");

		serve = RunningServe.start(Map.of("BAO_ADDR", vault.server().address().toString(), "BAO_TOKEN", brokerToken,
				"GITHUB_API_URL", realTime.url(), "BOTKEEPER_WRITE_GAP", "0s"), WebApplicationType.SERVLET,
				"--server.port=0", "--botkeeper.schedule.interval=1s", "--botkeeper.schedule.max-backoff=2s",
				// As the Helm chart runs it: Kubernetes probes ask /actuator/health/liveness.
				"--management.endpoint.health.probes.enabled=true");
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

	private static JsonNode status() throws Exception {
		return JSON.readTree(serve.get("/api/status"));
	}

	private static JsonNode row(JsonNode status, String repository) {
		for (JsonNode row : status.path("bindings")) {
			if (row.path("repository").asString().equals(repository)) {
				return row;
			}
		}
		throw new AssertionError("no row for " + repository + " in " + status);
	}

	private static boolean statusShows(String what, java.util.function.Predicate<JsonNode> test) {
		try {
			return test.test(status());
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static String decrypted(String repo) {
		return ServeWorld.pushed(github, repo, ENVIRONMENT, "JUPYTERHUB_BOT_PAT");
	}

	@Test
	@Order(1)
	void blockedBindingsAndARevokedTokenShouldNeverBeReportedAsSuccess() throws Exception {
		await("serve pushed through GITHUB_API_URL, logged in through BAO_ADDR and BAO_TOKEN", () -> decrypted(OK) != null);
		await("a status with every binding", () -> statusShows("3 bindings", s -> s.path("summary").path("synced").asLong() == 1));

		JsonNode status = status();
		assertThat(row(status, OK).path("state").asString()).isEqualTo("SYNCED");
		assertThat(row(status, OPEN).path("state").asString()).isEqualTo("BLOCKED");
		assertThat(row(status, OPEN).path("reason").asString()).isEqualTo("ENVIRONMENT_UNPROTECTED");
		JsonNode revoked = row(status, REVOKED);
		assertThat(revoked.path("state").asString()).isEqualTo("BLOCKED");
		assertThat(revoked.path("token_revoked").asBoolean()).isTrue();
		assertThat(revoked.path("days_to_expiry").asLong()).as("its date says 60 days; GitHub says revoked").isZero();
		assertThat(status.path("summary").path("blocked").asLong()).isEqualTo(2);
		assertThat(decrypted(OPEN)).as("nothing pushed to an environment any branch can read").isNull();
		assertThat(decrypted(REVOKED)).as("a revoked token is not pushed").isNull();

		String metrics = serve.get("/actuator/prometheus");
		assertThat(metrics).contains("botkeeper_bindings{state=\"blocked\"} 2.0")
			.contains("botkeeper_bindings{state=\"synced\"} 1.0")
			.contains("botkeeper_bindings{state=\"failing\"} 0.0")
			.contains("botkeeper_token_days_to_expiry{binding=\"" + REVOKED + ":jupyterhub-bot/JUPYTERHUB_BOT_PAT\"} 0.0");

		HttpResponse<String> health = serve.response("/actuator/health");
		assertThat(JSON.readTree(health.body()).path("status").asString()).as(health.body()).isEqualTo("DEGRADED");
		assertThat(health.statusCode()).as("serving, but a binding needs a person").isEqualTo(200);

		String dom = HeadlessChromium.find().dumpDom(serve.url("/"));
		LeakCanaries.assertNoLeak("the status page", dom);
		assertThat(dom).contains("id=\"blocked\" class=\"bad\">Blocked: <b>2</b>")
			.contains("id=\"synced\">Synced: <b>1</b>")
			.containsPattern("data-binding=\"" + OPEN + ":[^\"]+\"[^>]*data-state=\"BLOCKED\"")
			.contains("<span class=\"bad\">revoked</span>");
		// What only a rendering browser shows: the marks that need a person are painted red (#cf222e), which
		// nothing else on a page of SYNCED bindings is. The count is loose: text is anti-aliased.
		Path screenshot = Path.of("target/screenshots/status-page-blocked.png");
		Files.createDirectories(screenshot.getParent());
		HeadlessChromium.find().screenshot(serve.url("/"), screenshot);
		assertThat(PagePixels.read(screenshot).near(0xCF222E, 40)).as("red text on the page; see " + screenshot)
			.isGreaterThan(300);
	}

	@Test
	@Order(2)
	void aWriterRejectedByGitHubShouldBeShownAsTheWritersProblem() throws Exception {
		await("the first runs done", () -> statusShows("synced", s -> s.path("writer").asString().equals("ACCEPTED")));
		github.credentials().revokeToken(writer);

		await("the writer's 401 seen", () -> statusShows("rejected", s -> s.path("writer").asString().equals("REJECTED")));
		JsonNode status = status();
		assertThat(status.path("last_problem").asString()).contains("GitHub rejected the writer credential (401)")
			.contains("not a repository's token")
			.contains("botkeeper writer set");
		assertThat(status.path("stale").asBoolean()).isTrue();
		assertThat(row(status, OK).path("state").asString()).as("the bound token is not the one rejected")
			.isEqualTo("SYNCED");
		for (JsonNode row : status.path("bindings")) {
			assertThat(row.path("detail").asString()).as(row.path("binding").asString()).doesNotContain("401");
		}
		HttpResponse<String> health = serve.response("/actuator/health");
		assertThat(JSON.readTree(health.body()).path("status").asString()).isEqualTo("DOWN");
		assertThat(health.statusCode()).isEqualTo(503);
		HttpResponse<String> liveness = serve.response("/actuator/health/liveness");
		assertThat(liveness.statusCode()).as("alive: a new writer, not a restart, cures this; " + liveness.body())
			.isEqualTo(200);
		String page = serve.get("/");
		assertThat(page).contains("id=\"writer\" class=\"bad\">Writer credential: <b>rejected by GitHub (401)</b>")
			.contains("GitHub rejected the writer credential (401)")
			.contains("id=\"stale\"");
	}

	@Test
	@Order(3)
	void aGitHubOutageShouldShowTheCircuitBreakerOpen() throws Exception {
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		await("the writer accepted again", () -> statusShows("accepted", s -> s.path("writer").asString().equals("ACCEPTED")));
		assertThat(status().path("github_circuit").asString()).isEqualTo("CLOSED");
		github.faults().serverErrors(1_000_000, 503);
		try {
			await("the breaker open", () -> statusShows("open", s -> s.path("github_circuit").asString().equals("OPEN")));
			assertThat(serve.get("/actuator/prometheus")).contains("botkeeper_github_circuit{state=\"open\"} 1.0")
				.contains("botkeeper_github_circuit{state=\"closed\"} 0.0");
			assertThat(serve.get("/"))
				.contains("id=\"github-circuit\" class=\"problem\">GitHub circuit breaker: <b>OPEN</b>");
		}
		finally {
			github.faults().clear();
		}
	}

}
