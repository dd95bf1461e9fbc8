package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.testsupport.ServeWorld.check;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimOrganisation;
import org.botkeeper.githubsim.SimSecret;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Organisation secrets ({@code org-secret put}, strategy B) in the real {@code serve}: its full runs sync
 * them as {@code sync} does, after the bindings and under the same lease, so an always-on broker needs no
 * cron job beside it, and counts them in its metrics as it counts bindings. Its own Vault; the GitHub simulator
 * on the real clock through Prism.
 */
@ExtendWith(RealTimeGitHubExtension.class)
class ServeOrgSecretsIntegrationTests {

	private static final String ORG = "orgsec-serve";

	private static final String NAME = "ORG_BOT_PAT";

	private static DedicatedVault vault;

	private static GitHubSimulator github;

	private static RunningServe serve;

	private static String writer;

	/** A second secret, declared in {@link #config} for other repositories than its record gives it to. */
	private static final String HELD = "HELD_PAT";

	/** {@code botkeeper.config}: {@link #NAME} as its record has it, {@link #HELD} for {@code one} only. */
	private static Path config;

	@BeforeAll
	static void start(RealTimeGitHub realTime) throws Exception {
		vault = DedicatedVault.start("orgsecrets");
		github = realTime.simulator();
		// Organisation secrets are an owner's to write: the writer owns the organisation.
		github.state().addOrganisation(ORG, SimState.WRITER);
		for (String repo : List.of(ORG + "/one", ORG + "/two", ORG + "/three")) {
			github.state().addRepository(repo);
		}
		writer = LeakCanaries.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo", "admin:org");
		ServeWorld.initialise(vault, writer);
		config = Files.createTempDirectory("orgsecrets-config").resolve("botkeeper.yaml");
		declareHeld("[one]");
		serve = RunningServe.start(Map.of("BAO_ADDR", vault.server().address().toString(), "BAO_TOKEN",
				ServeWorld.brokerToken(vault), "GITHUB_API_URL", realTime.url(), "BOTKEEPER_WRITE_GAP", "0s"),
				WebApplicationType.SERVLET, "--server.port=0", "--botkeeper.schedule.interval=1s",
				"--botkeeper.schedule.max-backoff=2s", "--botkeeper.config=" + config);
	}

	private static void declareHeld(String repositories) throws java.io.IOException {
		Files.writeString(config, """
				organisation_secrets:
				  - organisation: %1$s
				    secret_name: %2$s
				    repositories: [one, two]
				  - organisation: %1$s
				    secret_name: %3$s
				    repositories: %4$s
				    team: held-team
				""".formatted(ORG, NAME, HELD, repositories));
	}

	@AfterAll
	static void stop() throws Exception {
		if (serve != null) {
			serve.close();
		}
		if (vault != null) {
			vault.close();
		}
		if (config != null) {
			Files.deleteIfExists(config);
			Files.deleteIfExists(config.getParent());
		}
	}

	/**
	 * {@code botkeeper.config} holds organisation secrets as {@code sync --config} does: one whose record gives
	 * the token to other repositories than declared is not written in any run, and shows in {@code /api/status},
	 * on the page and in the gauges, until the reviewed file (read again each run) agrees.
	 */
	@Test
	void aSecretGivenToOtherRepositoriesThanDeclaredShouldBeHeldBackUntilTheFileAgrees() throws Exception {
		String token = LeakCanaries.fineGrainedPat();
		check(CliRun.withEnv(vault.rootEnv(), token + "\n", "org-secret", "put", ORG, "--secret-name", HELD,
				"--repositories", "one,three"));
		String secret = ORG + ":[organisation]/" + HELD;

		RunningServe.await("the secret held back in /api/status", () -> heldRow() != null);
		JsonNode differing = heldRow();
		assertThat(differing.path("organisation_secret").asString()).isEqualTo(secret);
		assertThat(differing.path("in_vault").toString()).isEqualTo("[\"one\",\"three\"]");
		assertThat(differing.path("declared_at").asString()).isEqualTo(config + ":5");
		assertThat(serve.get("/actuator/prometheus")).contains("botkeeper_config_differing 1.0");
		assertThat(serve.get("/")).contains("<tr data-config=\"differing\"><td class=\"bad\">other repositories, not "
				+ "synced</td><td>" + secret + "</td>");
		// Two full runs later, it is still not on GitHub.
		double runs = runs();
		RunningServe.await("two more full runs", () -> runs() >= runs + 2);
		assertThat(organisation().secretStore().secret(HELD)).as("held back").isNull();

		declareHeld("[three, one]");

		RunningServe.await("written once the file agrees", () -> token.equals(opened(HELD)));
		assertThat(organisation().selectedRepositoryIds(HELD)).containsExactlyInAnyOrder(
				github.state().repository(ORG + "/one").id(), github.state().repository(ORG + "/three").id());
		RunningServe.await("the gauge back to 0", () -> heldRow() == null);
		assertThat(serve.get("/actuator/prometheus")).contains("botkeeper_config_differing 0.0");
	}

	@Test
	void aFullRunShouldCreateTheSecretForItsRepositoriesAndSetAHandEditedListBack() throws Exception {
		String token = LeakCanaries.fineGrainedPat();
		check(CliRun.withEnv(vault.rootEnv(), token + "\n", "org-secret", "put", ORG, "--secret-name", NAME,
				"--repositories", "one,two"));
		long one = github.state().repository(ORG + "/one").id();
		long two = github.state().repository(ORG + "/two").id();

		RunningServe.await("the organisation secret written", () -> token.equals(opened()));
		assertThat(organisation().visibility(NAME)).isEqualTo("selected");
		assertThat(organisation().selectedRepositoryIds(NAME)).containsExactlyInAnyOrder(one, two);
		// The status API and page show it after the bindings, as botkeeper status does.
		String secret = ORG + ":[organisation]/" + NAME;
		RunningServe.await("the secret SYNCED in /api/status", () -> synced(secret));
		assertThat(serve.get("/")).contains("<h2>Organisation secrets</h2>")
			.contains("data-secret=\"" + secret + "\" data-state=\"SYNCED\"")
			.contains("one, two");
		// Metrics as the bindings': the write by action and status, the secrets by state (every state, 0 included).
		RunningServe.await("the secret SYNCED in the gauges",
				() -> scrape().contains("botkeeper_organisation_secrets{state=\"synced\"} 1.0"));
		assertThat(serve.get("/actuator/prometheus"))
			.contains("botkeeper_sync_organisation_items_total{action=\"create_secret\",status=\"done\"} 1.0")
			.contains("botkeeper_organisation_secrets{state=\"failing\"} 0.0")
			.contains("botkeeper_organisation_secrets{state=\"blocked\"} 0.0")
			.contains("botkeeper_organisation_secrets{state=\"pending\"} 0.0")
			.doesNotContain(NAME);

		// Someone gives a third repository the token by hand: the next full run takes it back.
		long three = github.state().repository(ORG + "/three").id();
		HttpResponse<String> widened = HttpClient.newHttpClient().send(HttpRequest
			.newBuilder(URI.create(github.url() + "/orgs/" + ORG + "/actions/secrets/" + NAME + "/repositories"))
			.header("Authorization", "Bearer " + writer)
			.header("Accept", "application/vnd.github+json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"selected_repository_ids\":[" + one + "," + two + "," + three + "]}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(widened.statusCode()).as(widened.body()).isEqualTo(204);
		assertThat(organisation().selectedRepositoryIds(NAME)).contains(three);
		RunningServe.await("the list set back", () -> !organisation().selectedRepositoryIds(NAME).contains(three));
		assertThat(organisation().selectedRepositoryIds(NAME)).containsExactlyInAnyOrder(one, two);
		assertThat(opened()).isEqualTo(token);
		RunningServe.await("the list repair counted", () -> scrape()
			.contains("botkeeper_sync_organisation_items_total{action=\"update_secret\",status=\"done\"} 1.0"));
		LeakCanaries.assertNoLeak("serve's output", serve.get("/api/status") + serve.get("/actuator/prometheus"));
	}

	/** The one row of {@code config.organisation_secrets.differing} in /api/status, or null. */
	private static JsonNode heldRow() {
		try {
			JsonNode rows = JsonMapper.builder().build().readTree(serve.get("/api/status")).path("config")
				.path("organisation_secrets").path("differing");
			return rows.size() == 1 ? rows.get(0) : null;
		}
		catch (Exception ex) {
			return null;
		}
	}

	/** Runs so far, whatever their outcome, from {@code botkeeper_sync_runs_total}. */
	private static double runs() {
		try {
			return serve.get("/actuator/prometheus").lines()
				.filter(line -> line.startsWith("botkeeper_sync_runs_total{"))
				.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (Exception ex) {
			return 0;
		}
	}

	private static boolean synced(String secret) {
		try {
			for (JsonNode row : JsonMapper.builder().build().readTree(serve.get("/api/status")).path("organisation_secrets")) {
				if (row.path("secret").asString().equals(secret)) {
					return row.path("state").asString().equals("SYNCED") && row.path("pushed_version").asLong() == 1;
				}
			}
			return false;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static String scrape() {
		try {
			return serve.get("/actuator/prometheus");
		}
		catch (Exception ex) {
			return "";
		}
	}

	private static SimOrganisation organisation() {
		return github.state().organisation(ORG);
	}

	private static String opened() {
		return opened(NAME);
	}

	private static String opened(String name) {
		SimSecret secret = organisation().secretStore().secret(name);
		return secret == null ? null : new String(secret.plaintext(), StandardCharsets.UTF_8);
	}

}
