package org.botkeeper.githubsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.botkeeper.github.AppJwt;
import org.botkeeper.githubsim.SimulatorOptions.Limit;
import org.botkeeper.testsupport.ManualTime;
import org.botkeeper.testsupport.TestAppKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.json.JsonMapper;

/**
 * Each of GitHub's documented limits, enforced by the simulator with GitHub's documented answer
 * (<a href="https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit">exceeding
 * the rate limit</a>): the primary limit 403 or 429 with {@code x-ratelimit-remaining: 0} and the reset;
 * a secondary limit 403 or 429 with a message that says so and, when switched on, {@code retry-after}.
 * Raw HTTP on manual time, so no client pacing gets in the way.
 */
class GitHubSimulatorLimitsTests {

	private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");

	private static final String REPOSITORY = "/repos/acme/widgets";

	private final ManualTime time = new ManualTime(START);

	private final HttpClient http = HttpClient.newHttpClient();

	private GitHubSimulator github;

	@AfterEach
	void stop() {
		if (github != null) {
			github.close();
		}
	}

	private String start(SimulatorOptions options) {
		github = GitHubSimulator.start(options.withClock(time));
		github.state().addRepository("acme/widgets");
		return token();
	}

	private String token() {
		String token = "ghp_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 32) + "0000";
		github.credentials().classicToken(token, SimState.WRITER, null, "repo");
		return token;
	}

	@ParameterizedTest(name = "answered {0}")
	@ValueSource(ints = { 403, 429 })
	void primaryLimitShouldBeAnsweredWithRemainingZeroAndTheResetOfItsWindow(int status) throws Exception {
		String token = start(SimulatorOptions.defaults().withPrimaryLimit(3, Duration.ofHours(1)));
		github.faults().rateLimitStatus(status);
		for (int i = 2; i >= 0; i--) {
			HttpResponse<String> answer = get(REPOSITORY, token);
			assertThat(answer.headers().firstValue("x-ratelimit-remaining")).hasValue(Integer.toString(i));
			assertThat(answer.headers().firstValue("x-ratelimit-limit")).hasValue("3");
		}
		time.advance(Duration.ofMinutes(20));

		HttpResponse<String> refused = get(REPOSITORY, token);

		assertThat(refused.statusCode()).isEqualTo(status);
		assertThat(message(refused)).startsWith("API rate limit exceeded for ");
		assertThat(refused.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
		assertThat(refused.headers().firstValue("x-ratelimit-used")).hasValue("3");
		assertThat(refused.headers().firstValue("x-ratelimit-reset"))
			.hasValue(Long.toString(START.plus(Duration.ofHours(1)).getEpochSecond()));
		assertThat(refused.headers().firstValue("x-ratelimit-resource")).hasValue("core");
		assertThat(refused.headers().firstValue("retry-after")).isEmpty();
		assertThat(github.counters().violationsByLimit()).containsExactly(java.util.Map.entry("primary", 1L));

		time.advance(Duration.ofMinutes(40));
		assertAdmitted(get(REPOSITORY, token));
		assertThat(github.counters().peaks()).containsEntry("primary", 3L);
	}

	@Test
	void aReMintedInstallationTokenShouldFindItsInstallationsQuotaSpent() throws Exception {
		start(SimulatorOptions.defaults().withPrimaryLimit(3, Duration.ofHours(1)));
		KeyPair app = TestAppKeys.generate();
		github.credentials().registerApp("4242", (RSAPublicKey) app.getPublic(),
				SimCredentials.Installation.allRepositories(777, "acme", java.util.Map.of("secrets", "write", "environments", "write")));
		String first = mint(app);
		for (int i = 0; i < 3; i++) {
			assertAdmitted(get(REPOSITORY, first));
		}

		String second = mint(app);
		HttpResponse<String> refused = get(REPOSITORY, second);

		assertThat(second).isNotEqualTo(first);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
		assertThat(message(refused)).isEqualTo("API rate limit exceeded for installation 777. Check out the "
				+ "documentation for more details.");
		assertThat(github.counters().limitViolations("primary")).isEqualTo(1);
	}

	@Test
	void aPersonsTokensShouldShareOneQuotaAndAnotherUserHaveItsOwn() throws Exception {
		String stranger = start(SimulatorOptions.defaults().withPrimaryLimit(2, Duration.ofHours(1)));
		String laptop = "ghp_" + "L".repeat(36);
		String ci = "ghp_" + "C".repeat(36);
		github.people().addPerson("octocat", laptop, List.of("acme"), List.of());
		github.people().addPerson("octocat", ci, List.of("acme"), List.of());
		assertAdmitted(get(REPOSITORY, laptop));
		assertAdmitted(get(REPOSITORY, ci));

		assertThat(get(REPOSITORY, ci).statusCode()).isEqualTo(403);
		assertAdmitted(get(REPOSITORY, stranger));
	}

	@Test
	void a304ShouldCostNoPrimaryPointButStillASecondaryPoint() throws Exception {
		String token = start(SimulatorOptions.defaults().withPoints(new Limit(3, Duration.ofMinutes(1))));
		HttpResponse<String> first = get(REPOSITORY, token);
		String etag = first.headers().firstValue("etag").orElseThrow();
		assertThat(send("GET", REPOSITORY, token, etag).statusCode()).isEqualTo(304);
		HttpResponse<String> cached = send("GET", REPOSITORY, token, etag);
		assertThat(cached.statusCode()).isEqualTo(304);
		assertThat(cached.headers().firstValue("x-ratelimit-used")).hasValue("1");

		HttpResponse<String> refused = send("GET", REPOSITORY, token, etag);

		assertSecondary(refused, "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
				+ "again.", 60);
		assertThat(github.counters().limitViolations("points")).isEqualTo(1);
	}

	@Test
	void pointsShouldCostOneForAReadAndFiveForAMutation() throws Exception {
		String token = start(SimulatorOptions.defaults().withPoints(new Limit(12, Duration.ofMinutes(1))));
		assertAdmitted(get(REPOSITORY, token));
		assertAdmitted(send("PUT", REPOSITORY + "/environments/one", token, null));
		time.advance(Duration.ofSeconds(15));
		assertAdmitted(send("PUT", REPOSITORY + "/environments/two", token, null));
		assertAdmitted(get(REPOSITORY, token));

		HttpResponse<String> refused = get(REPOSITORY, token);

		assertSecondary(refused, "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
				+ "again.", 45);
		time.advance(Duration.ofSeconds(45));
		assertThat(send("PUT", REPOSITORY + "/environments/three", token, null).statusCode())
			.as("the first read and write left the window: 6 points free, one more write fits").isNotIn(403, 429);
		assertThat(github.counters().peaks()).containsEntry("points", 12L);
	}

	@Test
	void contentGeneratingRequestsShouldBeLimitedPerMinuteWithRetryAfter() throws Exception {
		String token = start(SimulatorOptions.defaults().withMutationLimit(2, Duration.ofMinutes(1), true));
		String other = token();
		assertAdmitted(send("PUT", REPOSITORY + "/environments/one", token, null));
		time.advance(Duration.ofSeconds(10));
		assertAdmitted(send("DELETE", REPOSITORY + "/environments/one", token, null));
		time.advance(Duration.ofSeconds(10));

		HttpResponse<String> refused = send("POST", "/user/repos", token, null);

		assertSecondary(refused, "You have exceeded a secondary rate limit and have been temporarily blocked from "
				+ "content creation. Please retry your request again later.", 40);
		assertThat(refused.headers().firstValue("x-ratelimit-remaining")).as("the primary quota is not what ran out")
			.isNotEqualTo(java.util.Optional.of("0"));
		assertAdmitted(send("PUT", REPOSITORY + "/environments/two", other, null));
		assertAdmitted(get(REPOSITORY, token));
		time.advance(Duration.ofSeconds(40));
		assertAdmitted(send("PUT", REPOSITORY + "/environments/three", token, null));
		assertThat(github.counters().limitViolations("content-per-minute")).isEqualTo(1);
	}

	@Test
	void contentGeneratingRequestsShouldBeLimitedPerHourInASlidingWindow() throws Exception {
		String token = start(SimulatorOptions.defaults().withContentPerHour(new Limit(3, Duration.ofHours(1))));
		for (int i = 0; i < 3; i++) {
			assertAdmitted(send("PUT", REPOSITORY + "/environments/e" + i, token, null));
			time.advance(Duration.ofMinutes(2));
		}

		HttpResponse<String> refused = send("PUT", REPOSITORY + "/environments/e3", token, null);

		assertSecondary(refused, "You have exceeded a secondary rate limit and have been temporarily blocked from "
				+ "content creation. Please retry your request again later.", 3600 - 360);
		time.advance(Duration.ofMinutes(54));
		assertAdmitted(send("PUT", REPOSITORY + "/environments/e3", token, null));
		assertThat(send("PUT", REPOSITORY + "/environments/e4", token, null).statusCode())
			.as("only the first left the window").isEqualTo(403);
		assertThat(github.counters().limitViolations("content-per-hour")).isEqualTo(2);
	}

	@Test
	void moreRequestsInFlightThanAllowedShouldBeRefused() throws Exception {
		String token = start(SimulatorOptions.defaults().withConcurrent(2).withServiceTime(Duration.ofSeconds(3)));
		List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			slow.add(http.sendAsync(request("GET", REPOSITORY, token, null), HttpResponse.BodyHandlers.ofString()));
		}
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (github.counters().peaks().getOrDefault("concurrent", 0L) < 2 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}

		HttpResponse<String> refused = get(REPOSITORY, token);

		assertSecondary(refused, "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
				+ "again.", 1);
		for (CompletableFuture<HttpResponse<String>> answer : slow) {
			assertAdmitted(answer.get());
		}
		assertAdmitted(get(REPOSITORY, token));
		assertThat(github.counters().limitViolations("concurrent")).isEqualTo(1);
	}

	@Test
	void moreHandlingTimeThanAllowedShouldBeRefused() throws Exception {
		String token = start(SimulatorOptions.defaults()
			.withCpuMillis(new Limit(1000, Duration.ofSeconds(60)))
			.withServiceTime(Duration.ofMillis(600)));
		assertAdmitted(get(REPOSITORY, token));
		time.advance(Duration.ofSeconds(5));
		assertAdmitted(get(REPOSITORY, token));

		HttpResponse<String> refused = get(REPOSITORY, token);

		assertSecondary(refused, "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
				+ "again.", 55);
		time.advance(Duration.ofSeconds(56));
		assertAdmitted(get(REPOSITORY, token));
		assertThat(github.counters().limitViolations("cpu")).isEqualTo(1);
	}

	@Test
	void requestsWithoutATokenShouldShareTheAddresssSixtyAnHour() throws Exception {
		start(SimulatorOptions.defaults().withAnonymous(new Limit(2, Duration.ofHours(1))));
		github.people().organization("acme");
		assertThat(get("/orgs/acme", null).statusCode()).isEqualTo(200);
		HttpResponse<String> last = get("/orgs/acme", null);
		assertThat(last.headers().firstValue("x-ratelimit-limit")).hasValue("2");

		HttpResponse<String> refused = get("/orgs/acme", null);

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(message(refused)).startsWith("API rate limit exceeded for 127.0.0.1.");
		assertThat(refused.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
		assertThat(github.counters().limitViolations("anonymous")).isEqualTo(1);
	}

	@Test
	void aSecondaryLimitShouldOmitRetryAfterWhenSwitchedOff() throws Exception {
		String token = start(SimulatorOptions.defaults().withMutationLimit(1, Duration.ofMinutes(1), false));
		assertAdmitted(send("PUT", REPOSITORY + "/environments/one", token, null));

		HttpResponse<String> refused = send("PUT", REPOSITORY + "/environments/two", token, null);

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(message(refused)).contains("secondary rate limit");
		assertThat(refused.headers().firstValue("retry-after")).isEmpty();
	}

	@Test
	void defaultsShouldBeGitHubsDocumentedFigures() {
		SimulatorOptions defaults = SimulatorOptions.defaults();

		assertThat(defaults.primary()).isEqualTo(new Limit(5000, Duration.ofHours(1)));
		assertThat(defaults.contentPerMinute()).isEqualTo(new Limit(80, Duration.ofMinutes(1)));
		assertThat(defaults.contentPerHour()).isEqualTo(new Limit(500, Duration.ofHours(1)));
		assertThat(defaults.points()).isEqualTo(new Limit(900, Duration.ofMinutes(1)));
		assertThat(defaults.concurrent()).isEqualTo(100);
		assertThat(defaults.cpuMillis()).isEqualTo(new Limit(90_000, Duration.ofSeconds(60)));
		assertThat(defaults.anonymous()).isEqualTo(new Limit(60, Duration.ofHours(1)));
		SimulatorOptions compressed = defaults.compressed(60);
		assertThat(compressed.contentPerHour()).isEqualTo(new Limit(500, Duration.ofMinutes(1)));
		assertThat(compressed.cpuMillis()).isEqualTo(new Limit(1500, Duration.ofSeconds(1)));
	}

	@Test
	void everyLimitShouldBeSwitchableOff() throws Exception {
		String token = start(SimulatorOptions.defaults().withoutLimits());

		for (int i = 0; i < 600; i++) {
			assertAdmitted(send("PUT", REPOSITORY + "/environments/e" + i, token, null));
		}

		assertThat(github.counters().limitViolations()).isZero();
	}

	@Test
	void atGitHubsDefaultsThe501stWriteOfAnHourShouldBeRefused() throws Exception {
		String token = start(SimulatorOptions.defaults());
		for (int i = 0; i < 500; i++) {
			assertAdmitted(send("PUT", REPOSITORY + "/environments/e" + i, token, null));
			time.advance(Duration.ofSeconds(1));
		}

		HttpResponse<String> refused = send("PUT", REPOSITORY + "/environments/late", token, null);

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(github.counters().violationsByLimit()).containsOnlyKeys("content-per-hour");
		assertThat(github.counters().peaks()).containsEntry("content-per-hour", 500L).containsEntry("content-per-minute",
				60L);
	}

	private String mint(KeyPair app) throws Exception {
		String jwt = AppJwt.sign("4242", (RSAPrivateKey) app.getPrivate(), time.instant());
		HttpResponse<String> minted = send("POST", "/app/installations/777/access_tokens", jwt, null);
		assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
		return JsonMapper.builder().build().readTree(minted.body()).path("token").asString();
	}

	private HttpResponse<String> get(String path, String token) throws Exception {
		return send("GET", path, token, null);
	}

	private HttpResponse<String> send(String method, String path, String token, String ifNoneMatch) throws Exception {
		return http.send(request(method, path, token, ifNoneMatch), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(String method, String path, String token, String ifNoneMatch) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(github.url() + path))
			.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString("{}"));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		if (ifNoneMatch != null) {
			builder.header("If-None-Match", ifNoneMatch);
		}
		return builder.build();
	}

	private static String message(HttpResponse<String> answer) {
		return JsonMapper.builder().build().readTree(answer.body()).path("message").asString();
	}

	/** Answered by the route: whatever the route said, no limit refused it. */
	private static void assertAdmitted(HttpResponse<String> answer) {
		assertThat(answer.statusCode() == 403 || answer.statusCode() == 429 ? message(answer) : "")
			.as("refused by a limit: " + answer.body()).doesNotContain("rate limit");
	}

	private static void assertSecondary(HttpResponse<String> refused, String message, long retryAfterSeconds) {
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(message(refused)).isEqualTo(message);
		assertThat(refused.headers().firstValue("retry-after")).hasValue(Long.toString(retryAfterSeconds));
	}

}
