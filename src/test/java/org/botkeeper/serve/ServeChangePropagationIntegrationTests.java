package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.testsupport.ServeWorld.check;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimFaults;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DateShiftingProxy;
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

/**
 * serve's fast path on a real Vault of its own (logged in with the broker's policy, every request
 * counted by a proxy in front of it) and the GitHub simulator on the real clock, with a full cycle only
 * once an hour: idle, it reads the change marker and nothing else, and sends GitHub nothing; a
 * {@code token put} reaches GitHub within seconds, planning only that binding; a marker naming a
 * repository with no binding costs no GitHub request.
 */
@ExtendWith(RealTimeGitHubExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeChangePropagationIntegrationTests {

	private static final String ENVIRONMENT = "jupyterhub-bot";

	private static final String SECRET = "JUPYTERHUB_BOT_PAT";

	private static final Duration POLL = Duration.ofMillis(500);

	private static final String MARKER_READ = "GET /v1/botkeeper/metadata/changes";

	private static DedicatedVault vault;

	private static DateShiftingProxy counted;

	private static GitHubSimulator github;

	private static RunningServe serve;

	private static String writer;

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@BeforeAll
	static void start(RealTimeGitHub realTime) throws Exception {
		vault = DedicatedVault.start("changes");
		github = realTime.simulator();
		for (String repo : new String[] { "changes-org/one", "changes-org/two" }) {
			github.state().addRepository(repo);
			github.state().addEnvironment(repo, ENVIRONMENT);
		}
		writer = LeakCanaries.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		ServeWorld.initialise(vault, writer);
		Map<String, String> root = vault.rootEnv();
		check(CliRun.withEnv(root, LeakCanaries.fineGrainedPat() + "\n", "token", "put", "changes-org/one"));
		check(CliRun.withEnv(root, LeakCanaries.fineGrainedPat() + "\n", "token", "put", "changes-org/two"));
		String broker = ServeWorld.brokerToken(vault);
		counted = DateShiftingProxy.start(vault.server().address(), Duration.ZERO);
		serve = RunningServe.start(Map.of("VAULT_ADDR", counted.address().toString(), "VAULT_TOKEN", broker),
				WebApplicationType.SERVLET, "--server.port=0", "--botkeeper.schedule.interval=1h",
				"--botkeeper.schedule.max-backoff=1h", "--botkeeper.schedule.change-poll=" + POLL.toMillis() + "ms",
				"--botkeeper.github.api-url=" + realTime.url(), "--botkeeper.github.write-gap=0s",
				// Two in flight: aChangeShouldNotWaitForAFullRunInProgress slows GitHub's answers down to
				// seconds, where with one a fast run's request would queue behind each slow one.
				"--botkeeper.github.concurrency=2");
		await("the first full cycle synced both", () -> decrypted("changes-org/one") != null
				&& decrypted("changes-org/two") != null);
	}

	@AfterAll
	static void stop() throws Exception {
		if (serve != null) {
			serve.close();
		}
		if (counted != null) {
			counted.close();
		}
		if (vault != null) {
			vault.close();
		}
	}

	@Test
	@Order(1)
	void idlePollsShouldReadTheMarkerOnlyAndSendGitHubNothing() throws InterruptedException {
		// Let the first cycle's last writes (ledger, lease release) land before counting.
		awaitQuiet();
		int vaultBefore = counted.requests().size();
		long githubBefore = github.counters().requests();

		Thread.sleep(Duration.ofSeconds(4));

		List<String> idle = since(vaultBefore);
		assertThat(github.counters().requests()).as("GitHub requests while idle").isEqualTo(githubBefore);
		assertThat(idle).as("Vault requests while idle").isNotEmpty().allMatch(MARKER_READ::equals);
		// Polls run at a fixed delay after the previous one ended: never more than one per interval.
		assertThat(idle.size()).isBetween(2, (int) (4000 / POLL.toMillis()) + 1);
	}

	@Test
	@Order(2)
	void aTokenPutShouldReachGitHubWithinSecondsPlanningThatBindingOnly() throws InterruptedException {
		awaitQuiet();
		int vaultBefore = counted.requests().size();
		String rotated = LeakCanaries.fineGrainedPat();

		check(CliRun.withEnv(vault.rootEnv(), rotated + "\n", "token", "put", "changes-org/two"));
		Instant stored = Instant.now();
		await("the rotated token on GitHub", () -> rotated.equals(decrypted("changes-org/two")));

		assertThat(Duration.between(stored, Instant.now())).as("from token put to GitHub, full cycle 1h away")
			.isLessThan(Duration.ofSeconds(5));
		assertThat(since(vaultBefore)).as("Vault requests of the fast run")
			.anyMatch(line -> line.contains("changes-org/two"))
			.noneMatch(line -> line.contains("changes-org/one"))
			.noneMatch(line -> line.contains("metadata/tokens?list") || line.contains("metadata/sync?list"));
		// The status keeps the binding the fast run did not plan, beside the one it pushed.
		await("both bindings synced in /api/status", () -> {
			String status = status();
			return status.contains("\"synced\":2") && status.contains("changes-org/one:") && status.contains("\"vault_version\":2");
		});
	}

	@Test
	@Order(3)
	void aMarkerNamingNoBindingShouldCostNoGitHubRequest() throws InterruptedException {
		awaitQuiet();
		long githubBefore = github.counters().requests();
		int vaultBefore = counted.requests().size();

		vault.send("POST", "botkeeper/data/changes", "{\"data\":{\"repository\":\"changes-org/nothing-here\"}}",
				Map.of());
		await("the marker read and its repository looked up",
				() -> since(vaultBefore).stream().anyMatch(line -> line.contains("changes-org/nothing-here")));
		awaitQuiet();

		assertThat(github.counters().requests()).as("GitHub requests for a binding that does not exist")
			.isEqualTo(githubBefore);
	}

	/**
	 * Anyone who may write one token may write markers: one naming the writer (while the writer credential
	 * did not change), or a burst of more than can be read one by one, must not make serve plan every
	 * binding before its full run.
	 */
	@Test
	@Order(4)
	void aWriterMarkerOrABurstShouldWaitForTheFullRun() throws InterruptedException {
		awaitQuiet();
		long githubBefore = github.counters().requests();
		int vaultBefore = counted.requests().size();

		vault.send("POST", "botkeeper/data/changes", "{\"data\":{\"writer\":\"changed\"}}", Map.of());
		// More than the 10 unread versions read one by one (a poll may still see the first few and look
		// those names up: they have no binding, so that costs no GitHub request either).
		for (int i = 0; i < 11; i++) {
			vault.send("POST", "botkeeper/data/changes", "{\"data\":{\"repository\":\"burst-org/r" + i + "\"}}",
					Map.of());
		}
		Thread.sleep(POLL.multipliedBy(3));
		awaitQuiet();

		assertThat(github.counters().requests()).as("GitHub requests before the full run").isEqualTo(githubBefore);
		assertThat(since(vaultBefore)).as("Vault requests for the real bindings before the full run")
			.noneMatch(line -> line.contains("changes-org/one") || line.contains("changes-org/two"));
	}

	/**
	 * The writer GitHub rejects: a rotated token cannot go out. An admin stores a new writer with the CLI,
	 * and every binding runs at once: the rotated token is on GitHub within seconds, not at the full run an
	 * hour away.
	 */
	@Test
	@Order(5)
	void aNewWriterShouldRunEveryBindingAtOnce() throws InterruptedException {
		awaitQuiet();
		github.credentials().revokeToken(writer);
		String rotated = LeakCanaries.fineGrainedPat();
		check(CliRun.withEnv(vault.rootEnv(), rotated + "\n", "token", "put", "changes-org/one"));
		await("the fast run refused by GitHub", () -> status().contains("rejected"));
		assertThat(decrypted("changes-org/one")).as("the rotated token, with a rejected writer").isNotEqualTo(rotated);

		String newWriter = LeakCanaries.classicPat();
		github.credentials().classicToken(newWriter, SimState.WRITER, null, "repo");
		check(CliRun.withEnv(vault.rootEnv(), newWriter + "\n", "writer", "set", "--pat"));
		writer = newWriter;
		Instant stored = Instant.now();
		await("the rotated token on GitHub", () -> rotated.equals(decrypted("changes-org/one")));

		// Seconds, not the hour to the next full cycle (10 s leaves room for a loaded machine).
		assertThat(Duration.between(stored, Instant.now())).as("from writer set to GitHub, full cycle 1h away")
			.isLessThan(Duration.ofSeconds(10));
	}

	/**
	 * At thousands of bindings a full run takes minutes under GitHub's limits. Here every GitHub answer
	 * about changes-org/one comes 8 s late, so the full run a new writer starts needs at least 16 s to plan
	 * it; a token put for changes-org/two meanwhile reaches GitHub in under 8 s: it did not wait. (With
	 * GitHub's real answer times one request in flight is enough: a fast run's request waits for at most
	 * one of the full run's, as the gate serves them in turn.)
	 */
	@Test
	@Order(6)
	void aChangeShouldNotWaitForAFullRunInProgress() throws InterruptedException {
		awaitQuiet();
		String slowPath = "/repos/changes-org/one/";
		long slowBefore = requestsTo(slowPath);
		github.faults().onPath(slowPath, SimFaults.PathFault.delay(Duration.ofSeconds(8)));
		try {
			String newWriter = LeakCanaries.classicPat();
			github.credentials().classicToken(newWriter, SimState.WRITER, null, "repo");
			check(CliRun.withEnv(vault.rootEnv(), newWriter + "\n", "writer", "set", "--pat"));
			writer = newWriter;
			await("the full run asking GitHub about changes-org/one", () -> requestsTo(slowPath) > slowBefore);

			String rotated = LeakCanaries.fineGrainedPat();
			check(CliRun.withEnv(vault.rootEnv(), rotated + "\n", "token", "put", "changes-org/two"));
			Instant stored = Instant.now();
			await("the rotated token on GitHub", () -> rotated.equals(decrypted("changes-org/two")));

			assertThat(Duration.between(stored, Instant.now())).as("from token put to GitHub, a full run in progress")
				.isLessThan(Duration.ofSeconds(8));
		}
		finally {
			github.faults().clear();
		}
	}

	/**
	 * An organisation's own writer ({@code writer set --owner}) stored while the default one is rejected:
	 * like a new default writer, it runs every binding at once, not at the full run an hour away.
	 */
	@Test
	@Order(7)
	void aNewOwnersWriterShouldRunEveryBindingAtOnce() throws InterruptedException {
		awaitQuiet();
		github.credentials().revokeToken(writer);
		String rotated = LeakCanaries.fineGrainedPat();
		check(CliRun.withEnv(vault.rootEnv(), rotated + "\n", "token", "put", "changes-org/one"));
		await("the fast run refused by GitHub", () -> status().contains("rejected"));

		String ownWriter = LeakCanaries.classicPat();
		github.credentials().classicToken(ownWriter, SimState.WRITER, null, "repo");
		check(CliRun.withEnv(vault.rootEnv(), ownWriter + "\n", "writer", "set", "--owner", "changes-org", "--pat"));
		Instant stored = Instant.now();
		await("the rotated token on GitHub", () -> rotated.equals(decrypted("changes-org/one")));

		assertThat(Duration.between(stored, Instant.now())).as("from writer set --owner to GitHub, full cycle 1h away")
			.isLessThan(Duration.ofSeconds(10));
	}

	private static long requestsTo(String pathPart) {
		return github.counters().byPath().entrySet().stream().filter(entry -> entry.getKey().contains(pathPart))
			.mapToLong(Map.Entry::getValue).sum();
	}

	/** Waits until two poll intervals pass with only marker reads: no run in progress. */
	private static void awaitQuiet() throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(30);
		while (true) {
			int before = counted.requests().size();
			Thread.sleep(POLL.multipliedBy(2));
			if (since(before).stream().allMatch(MARKER_READ::equals)) {
				return;
			}
			assertThat(Instant.now()).as("waited 30 s for serve to be idle").isBefore(deadline);
		}
	}

	private static String status() {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(serve.url("/api/status"))).build(),
					HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (java.io.IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	private static List<String> since(int index) {
		List<String> all = counted.requests();
		return all.subList(index, all.size());
	}

	private static String decrypted(String repo) {
		return ServeWorld.pushed(github, repo, ENVIRONMENT, SECRET);
	}

	/** Asks often: the fast path's latency is what these tests measure. */
	private static void await(String what, BooleanSupplier condition) throws InterruptedException {
		RunningServe.await(what, Duration.ofMillis(50), condition);
	}

}
