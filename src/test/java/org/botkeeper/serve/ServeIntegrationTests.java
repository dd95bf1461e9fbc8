package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.testsupport.RunningServe.await;
import static org.botkeeper.testsupport.ServeWorld.check;
import static org.botkeeper.testsupport.ServeWorld.field;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.botkeeper.cli.BotkeeperCommand;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code serve} against a real Vault of its own (it gets sealed here) and the GitHub simulator on the
 * real clock, through Prism (so every exchange serve makes is held against GitHub's OpenAPI description,
 * error answers too): it logs in with AppRole and a response-wrapped secret id, syncs on its schedule,
 * picks up a rotated token, reports DOWN while Vault is sealed without writing to GitHub, and recovers
 * after unsealing.
 */
@ExtendWith(RealTimeGitHubExtension.class)
class ServeIntegrationTests {

	private static final String ENVIRONMENT = "jupyterhub-bot";

	private static final String SECRET = "JUPYTERHUB_BOT_PAT";

	private static DedicatedVault vault;

	private static GitHubSimulator github;

	private static RunningServe serve;

	private static Path credentials;

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
		.build();

	@BeforeAll
	static void start(RealTimeGitHub realTime) throws Exception {
		vault = DedicatedVault.start("serve");
		github = realTime.simulator();
		for (String repo : new String[] { "serve-org/one", "serve-org/two" }) {
			github.state().addRepository(repo);
			github.state().addEnvironment(repo, ENVIRONMENT);
		}
		String writer = LeakCanaries.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		ServeWorld.initialise(vault, writer);
		Map<String, String> root = vault.rootEnv();
		check(CliRun.withEnv(root, LeakCanaries.fineGrainedPat() + "\n", "token", "put", "serve-org/one", "--expires",
				java.time.LocalDate.now().plusDays(7).toString()));
		check(CliRun.withEnv(root, LeakCanaries.fineGrainedPat() + "\n", "token", "put", "serve-org/two"));

		// The broker reads its AppRole credentials from files, as in docker-compose.yml; they are deleted
		// when the test ends (the wrapping token is single-use and consumed at start-up anyway).
		credentials = Files.createTempDirectory("botkeeper-approle");
		Files.writeString(credentials.resolve("role-id"), field(vault.send("GET",
				"auth/approle/role/botkeeper-broker/role-id", null, Map.of()), "role_id"));
		String wrapped = field(vault.send("POST", "auth/approle/role/botkeeper-broker/secret-id", "{}",
				Map.of("X-Vault-Wrap-TTL", "5m")), "token");
		LeakCanaries.plant(wrapped);
		Files.writeString(credentials.resolve("secret-id"), wrapped);
		// serve refuses credential files that group or others may read (ServeStartupIntegrationTests).
		for (String file : new String[] { "role-id", "secret-id" }) {
			Files.setPosixFilePermissions(credentials.resolve(file), PosixFilePermissions.fromString("rw-------"));
		}

		serve = RunningServe.withArguments("--server.port=0",
				"--botkeeper.vault.address=" + vault.server().address(),
				"--botkeeper.vault.role-id-file=" + credentials.resolve("role-id").toAbsolutePath(),
				"--botkeeper.vault.secret-id-file=" + credentials.resolve("secret-id").toAbsolutePath(),
				"--botkeeper.vault.secret-id-wrapped=true", "--botkeeper.schedule.interval=1s",
				"--botkeeper.schedule.max-backoff=2s", "--botkeeper.github.api-url=" + realTime.url(),
				"--botkeeper.github.write-gap=0s");
		// Attached after start-up: Spring Boot configures logging afresh while it starts.
		pushLog.start();
		((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SyncCycle.class)).addAppender(pushLog);
	}

	/** serve's log lines about pushes and failures, as an operator reads them. */
	private static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> pushLog =
			new ch.qos.logback.core.read.ListAppender<>();

	private static java.util.List<String> pushLines() {
		return pushLog.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
	}

	@AfterAll
	static void stop() {
		if (serve != null) {
			serve.close();
		}
		if (vault != null) {
			vault.close();
		}
		if (credentials != null) {
			try (var files = Files.list(credentials)) {
				for (Path file : files.toList()) {
					Files.delete(file);
				}
				Files.delete(credentials);
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}
	}

	private static String decrypted(String repo) {
		return ServeWorld.pushed(github, repo, ENVIRONMENT, SECRET);
	}

	private static boolean healthIs(String status) {
		try {
			return status.equals(JSON.readTree(serve.get("/actuator/health")).path("status").asString());
		}
		catch (Exception ex) {
			return false;
		}
	}

	@Test
	void serveShouldSyncOnItsScheduleFollowVaultAndSurviveASealedVault() throws Exception {
		await("both tokens synced", () -> decrypted("serve-org/one") != null && decrypted("serve-org/two") != null);
		await("health UP", () -> healthIs("UP"));
		// The secrets are on GitHub before the run that pushed them ends and is recorded: on a busy machine the
		// status was read in between (last_run_at null, no bindings yet).
		await("the first run recorded in /api/status", () -> {
			try {
				return !JSON.readTree(serve.get("/api/status")).path("last_run_at").isNull();
			}
			catch (Exception ex) {
				return false;
			}
		});
		String status = serve.get("/api/status");
		assertThat(status).contains("\"binding\":\"serve-org/one:jupyterhub-bot/JUPYTERHUB_BOT_PAT\"")
			.contains("\"synced\":2")
			.contains("\"expiring_soon\":1");
		assertThat(serve.get("/actuator/prometheus")).contains("botkeeper_sync_runs_total")
			.contains("botkeeper_github_requests_total{method=\"PUT\",status=\"201\"}")
			.contains("botkeeper_token_days_to_expiry{binding=\"serve-org/one:jupyterhub-bot/JUPYTERHUB_BOT_PAT\"}");

		String rotated = LeakCanaries.fineGrainedPat();
		check(CliRun.withEnv(vault.rootEnv(), rotated + "\n", "token", "put", "serve-org/two"));
		await("the rotated token synced", () -> rotated.equals(decrypted("serve-org/two")));
		await("the push logged", () -> pushLines().stream().anyMatch(line -> line.contains("serve-org/two")
				&& line.contains("pushed version 2")));
		assertThat(pushLines()).as("each push says which binding, which version and which replica")
			.anyMatch(line -> line.matches("UPDATE_SECRET serve-org/two:jupyterhub-bot/JUPYTERHUB_BOT_PAT: pushed "
					+ "version 2 \\(replica '.+', lease fencing \\d+\\)"));
		pushLines().forEach(line -> LeakCanaries.assertNoLeak("serve's push log", line));

		vault.seal();
		await("health DOWN while Vault is sealed", () -> healthIs("DOWN"));
		await("the reason in /api/status", () -> {
			try {
				return JSON.readTree(serve.get("/api/status")).path("last_problem").asString("").contains("sealed");
			}
			catch (Exception ex) {
				return false;
			}
		});
		assertAnonymousHealth(serve.get("/actuator/health"), "DOWN");
		long writes = github.counters().mutatingRequests();
		Thread.sleep(3000);
		assertThat(github.counters().mutatingRequests()).as("no GitHub writes while Vault is sealed").isEqualTo(writes);

		vault.unseal();
		await("health UP again after unsealing", () -> healthIs("UP"));
		String again = LeakCanaries.fineGrainedPat();
		check(CliRun.withEnv(vault.rootEnv(), again + "\n", "token", "put", "serve-org/one", "--expires",
				java.time.LocalDate.now().plusDays(7).toString()));
		await("syncing resumed", () -> again.equals(decrypted("serve-org/one")));
		assertThat(serve.get("/")).contains("botkeeper").contains("serve-org/one:jupyterhub-bot/JUPYTERHUB_BOT_PAT");
	}

	@Test
	void serveShouldListenOnLoopbackOnlyAndShowAnonymousCallersNoHealthDetails() throws Exception {
		await("health UP", () -> healthIs("UP"));
		HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(serve.url("/actuator/health"))).build(),
				HttpResponse.BodyHandlers.ofString());
		assertAnonymousHealth(health.body(), "UP");
		assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(serve.url("/actuator/health/vault"))).build(),
				HttpResponse.BodyHandlers.ofString()).body()).doesNotContain("version");

		int port = serve.port();
		// Bound to 127.0.0.1 only: another loopback address of this machine, and every other address, is refused.
		java.util.List<java.net.InetAddress> elsewhere = new java.util.ArrayList<>();
		elsewhere.add(java.net.InetAddress.getByName("127.0.0.2"));
		java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())
			.forEach(network -> network.inetAddresses().filter(address -> !address.isLoopbackAddress()
					&& !address.isLinkLocalAddress()).forEach(elsewhere::add));
		for (java.net.InetAddress address : elsewhere) {
			try (java.net.Socket socket = new java.net.Socket()) {
				org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket
					.connect(new java.net.InetSocketAddress(address, port), 2000))
					.as("serve must not answer on %s", address)
					.isInstanceOf(java.io.IOException.class);
			}
		}
	}

	/** An anonymous caller learns UP or DOWN (and the names of the probe groups), nothing about the machine. */
	private static void assertAnonymousHealth(String body, String status) throws Exception {
		var health = JSON.readTree(body);
		assertThat(health.path("status").asString()).isEqualTo(status);
		assertThat(health.propertyNames()).as(body).isSubsetOf("status", "groups");
		assertThat(body).doesNotContain("components", "details", "diskSpace", "version", "path", "sealed");
	}

	@Test
	void aGitHubFailureOfOneBindingShouldFailThatBindingAloneWhileServeSyncsTheOthers() throws Exception {
		await("both tokens synced", () -> decrypted("serve-org/one") != null && decrypted("serve-org/two") != null);
		// A 503 on every try, not a body of the wrong shape: Prism would answer that with a 500 of its own (the
		// wrong shape is ContainedFailuresIntegrationTests', straight to the simulator).
		github.faults().onPath("/repos/serve-org/two/", org.botkeeper.githubsim.SimFaults.PathFault.status(503));
		try {
			String rotated = LeakCanaries.fineGrainedPat();
			check(CliRun.withEnv(vault.rootEnv(), rotated + "\n", "token", "put", "serve-org/one", "--expires",
					java.time.LocalDate.now().plusDays(7).toString()));
			await("serve-org/one synced while serve-org/two's read fails", () -> rotated.equals(decrypted("serve-org/one")));
			await("the status API shows serve-org/two FAILED with its own message", () -> {
				try {
					String status = serve.get("/api/status");
					return status.contains("\"next_action\":\"FAILED\"") && status.contains("\"last_message\":\"Cannot "
							+ "read serve-org/two:jupyterhub-bot/JUPYTERHUB_BOT_PAT: GitHub returned 503 on 4 tries.");
				}
				catch (Exception ex) {
					return false;
				}
			});
		}
		finally {
			github.faults().clear();
		}
		await("serve-org/two planned normally again", () -> {
			try {
				return !serve.get("/api/status").contains("\"next_action\":\"FAILED\"");
			}
			catch (Exception ex) {
				return false;
			}
		});
	}

	@Test
	void theStatusPageShouldRenderInABrowserWithTheSummaryAndOneRowPerBinding() throws Exception {
		await("both tokens synced", () -> decrypted("serve-org/one") != null && decrypted("serve-org/two") != null);
		await("a status report", () -> {
			try {
				return serve.get("/").contains("data-binding");
			}
			catch (Exception ex) {
				return false;
			}
		});
		HeadlessChromium chromium = HeadlessChromium.find();
		String dom = chromium.dumpDom(serve.url("/"));
		LeakCanaries.assertNoLeak("the status page as Chromium rendered it", dom);
		assertThat(dom).contains("<h1>botkeeper: bot token sync status</h1>")
			.containsPattern("id=\"bindings\">Bindings: <b>2</b>")
			.containsPattern("id=\"expiring\">Expiring soon: <b>1</b>")
			.contains("data-binding=\"serve-org/one:jupyterhub-bot/JUPYTERHUB_BOT_PAT\" class=\"warn\"")
			.contains("data-binding=\"serve-org/two:jupyterhub-bot/JUPYTERHUB_BOT_PAT\"");
		// What only a browser that applied the CSS and laid the page out shows: the binding expiring soon is one
		// table row painted in the warning colour across the page's width, and the summary tiles have their
		// background.
		Path screenshot = Path.of("target/screenshots/status-page.png");
		Files.createDirectories(screenshot.getParent());
		chromium.screenshot(serve.url("/"), screenshot);
		PagePixels pixels = PagePixels.read(screenshot);
		assertThat(pixels.rowsWith(WARNING_BACKGROUND, pixels.width() / 2))
			.as("one table row (about 30 px high) in #fff8c5 across the table; see " + screenshot)
			.isBetween(20, 50);
		assertThat(pixels.rowsWith(TILE_BACKGROUND, 400)).as("a line of summary tiles in #f6f8fa; see " + screenshot)
			.isBetween(20, 50);
	}

	/** The status page's colours for a row that needs attention soon and for the summary tiles (StatusPage's CSS). */
	private static final int WARNING_BACKGROUND = 0xFFF8C5;

	private static final int TILE_BACKGROUND = 0xF6F8FA;

}
