package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.botkeeper.github.EnvironmentSecretsClientIntegrationTests.newBinding;
import static org.botkeeper.github.EnvironmentSecretsClientIntegrationTests.plaintext;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.githubsim.SimCounters;
import org.botkeeper.githubsim.SimulatorOptions;
import org.botkeeper.sync.Binding;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Limits, retries, the 401 latch and redirects, against the simulator (through Prism where GitHub documents the exchange). */
@ExtendWith(GitHubContractExtension.class)
class GitHubTransportIntegrationTests {

	@Test
	void primaryLimitShouldBeWaitedOutWithZeroRequestsDuringTheWait(GitHubContract github) {
		Binding binding = newBinding(github, true);
		github.simulator().limits(SimulatorOptions.defaults().withPrimaryLimit(3, Duration.ofMinutes(10)));
		String token = github.newWriterToken();
		EnvironmentSecretsClient spender = github.connect(new PersonalAccessToken(SecretValue.of(token))).environments();
		spender.environment(binding.repository(), binding.environment());
		spender.publicKey(binding.repository(), binding.environment());
		spender.secrets(binding.repository(), binding.environment());
		// A second connection with the same token does not know the quota is spent: it gets the 403.
		GitHubConnection late = github.connect(new PersonalAccessToken(SecretValue.of(token)));
		SimCounters counters = github.simulator().counters();
		List<Long> requestsAtSleep = new CopyOnWriteArrayList<>();
		github.time().onSleep(duration -> requestsAtSleep.add(counters.requests()));
		github.time().clearSleeps();
		long violations = counters.limitViolations();

		assertThat(late.environments().environment(binding.repository(), binding.environment())).isPresent();

		assertThat(counters.limitViolations() - violations).isEqualTo(1);
		assertThat(github.time().sleeps()).singleElement()
			.satisfies(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofMinutes(9)));
		// Nothing was sent while waiting: the only request after the wait began is the retry.
		assertThat(counters.requests()).isEqualTo(requestsAtSleep.get(0) + 1);
		github.time().onSleep(duration -> {
		});
	}

	@Test
	void primaryLimitAnsweredWith429ShouldBeWaitedOutToo(GitHubContract github) {
		Binding binding = newBinding(github, true);
		github.simulator().limits(SimulatorOptions.defaults().withPrimaryLimit(1, Duration.ofMinutes(10)));
		github.simulator().faults().rateLimitStatus(429);
		String token = github.newWriterToken();
		github.connect(new PersonalAccessToken(SecretValue.of(token))).environments()
			.environment(binding.repository(), binding.environment());
		GitHubConnection late = github.connect(new PersonalAccessToken(SecretValue.of(token)));
		long answered429 = github.simulator().counters().count("GET", 429);
		github.time().clearSleeps();

		assertThat(late.environments().publicKey(binding.repository(), binding.environment()).keyId()).isNotBlank();

		assertThat(github.simulator().counters().count("GET", 429) - answered429).isEqualTo(1);
		assertThat(github.time().sleeps()).singleElement()
			.satisfies(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofMinutes(9)));
	}

	@Test
	void spentQuotaShouldHoldRequestsBackBeforeAny403(GitHubContract github) {
		Binding binding = newBinding(github, true);
		github.simulator().limits(SimulatorOptions.defaults().withPrimaryLimit(2, Duration.ofMinutes(10)));
		EnvironmentSecretsClient client = github.connect(github.newWriterPat()).environments();
		long violations = github.simulator().counters().limitViolations();
		github.time().clearSleeps();

		client.environment(binding.repository(), binding.environment());
		client.publicKey(binding.repository(), binding.environment());
		client.secrets(binding.repository(), binding.environment());

		assertThat(github.simulator().counters().limitViolations()).isEqualTo(violations);
		assertThat(github.time().sleeps()).singleElement()
			.satisfies(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofMinutes(9)));
	}

	@Test
	void secondaryLimitShouldHonourRetryAfter(GitHubContract github) {
		Binding first = newBinding(github, true);
		Binding second = newBinding(github, true);
		github.simulator().limits(SimulatorOptions.defaults().withMutationLimit(1, Duration.ofMinutes(1), true));
		EnvironmentSecretsClient client = github.connect(github.newWriterPat()).environments();
		github.time().clearSleeps();
		String token = LeakCanaries.classicPat();

		client.putSecret(first, SecretValue.of(token));
		client.putSecret(second, SecretValue.of(token));

		assertThat(plaintext(github, second)).isEqualTo(token);
		assertThat(github.time().sleeps()).anySatisfy(wait -> assertThat(wait).isBetween(Duration.ofSeconds(55),
				Duration.ofSeconds(60)));
	}

	@Test
	void secondaryLimitWithoutRetryAfterShouldWaitAMinuteThenBackOffExponentially(GitHubContract github) {
		Binding first = newBinding(github, true);
		Binding second = newBinding(github, true);
		github.simulator().limits(SimulatorOptions.defaults().withMutationLimit(1, Duration.ofMinutes(5), false));
		EnvironmentSecretsClient client = github.connect(github.newWriterPat()).environments();
		String token = LeakCanaries.classicPat();
		client.putSecret(first, SecretValue.of(token));
		github.time().clearSleeps();

		client.putSecret(second, SecretValue.of(token));

		assertThat(github.time().sleeps()).containsSubsequence(Duration.ofSeconds(60), Duration.ofSeconds(120),
				Duration.ofSeconds(240));
		assertThat(plaintext(github, second)).isEqualTo(token);
	}

	@Test
	void rateLimitShouldGiveUpAfterBoundedWaitsWithAClearError(GitHubContract github) {
		Binding first = newBinding(github, true);
		Binding second = newBinding(github, true);
		github.simulator().limits(SimulatorOptions.defaults().withMutationLimit(1, Duration.ofDays(1), false));
		EnvironmentSecretsClient client = github.connect(github.newWriterPat()).environments();
		client.putSecret(first, SecretValue.of(LeakCanaries.classicPat()));
		long puts = github.simulator().counters().count("PUT", 403);

		assertThatExceptionOfType(GitHubRateLimitException.class)
			.isThrownBy(() -> client.putSecret(second, SecretValue.of(LeakCanaries.classicPat())))
			.withMessage("Cannot update " + second + ": GitHub's secondary rate limit persisted after 4 waits. Run "
					+ "again later.");
		assertThat(github.simulator().counters().count("PUT", 403) - puts).isEqualTo(5);
	}

	@Test
	void serverErrorsShouldBeRetriedWithinBounds(GitHubContract github) {
		Binding binding = newBinding(github, true);
		EnvironmentSecretsClient client = github.connect(github.newWriterPat()).environments();
		github.simulator().faults().serverErrors(2, 502);
		assertThat(client.environment(binding.repository(), binding.environment())).isPresent();

		github.simulator().faults().serverErrors(100, 503);
		long before = github.simulator().counters().requests();
		assertThatExceptionOfType(GitHubUnavailableException.class)
			.isThrownBy(() -> client.publicKey(binding.repository(), binding.environment()))
			.withMessageContaining("GitHub returned 503 on 4 tries");
		assertThat(github.simulator().counters().requests() - before).isEqualTo(4);
	}

	@Test
	void brokenConnectionsAndHangsShouldBeRetried(GitHubContract github) {
		// Straight to the simulator: Prism would turn a broken upstream connection into its own answer.
		Binding binding = newBinding(github, true);
		EnvironmentSecretsClient client = github
			.connectDirectly(github.newWriterPat(), GitHubLimits.defaults().withReadTimeout(Duration.ofSeconds(1)))
			.environments();
		github.simulator().faults().connectionResets(1);
		assertThat(client.environment(binding.repository(), binding.environment())).isPresent();

		github.simulator().faults().delays(1, Duration.ofSeconds(3));
		assertThat(client.publicKey(binding.repository(), binding.environment()).keyId()).isNotBlank();
	}

	@Test
	void unauthorizedShouldStopEveryFurtherCallAtOnce(GitHubContract github) {
		Binding binding = newBinding(github, true);
		String token = github.newWriterToken();
		GitHubConnection connection = github.connect(new PersonalAccessToken(SecretValue.of(token)));
		github.simulator().faults().unauthorized(true);

		assertThatExceptionOfType(GitHubUnauthorizedException.class)
			.isThrownBy(() -> connection.environments().putSecret(binding, SecretValue.of(LeakCanaries.classicPat())))
			.satisfies(ex -> LeakCanaries.assertNoLeak("401 message", ex.getMessage()))
			.withMessageContaining("GitHub returned 401 for the classic personal access token");
		github.simulator().faults().unauthorized(false);
		long before = github.simulator().counters().requests();

		assertThatExceptionOfType(GitHubUnauthorizedException.class)
			.isThrownBy(() -> connection.environments().environment(binding.repository(), binding.environment()))
			.withMessageContaining("GitHub calls stopped after a 401");
		assertThat(github.simulator().counters().requests()).isEqualTo(before);
		assertThat(connection.transport().stopped()).isTrue();
	}

	@Test
	void redirectToAnotherHostShouldNeverCarryTheAuthorization(GitHubContract github) throws Exception {
		// Straight to the simulator: a 302 is not in GitHub's description for these operations.
		Binding binding = newBinding(github, true);
		AtomicInteger reached = new AtomicInteger();
		List<String> authorizations = new CopyOnWriteArrayList<>();
		HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		elsewhere.createContext("/", exchange -> {
			reached.incrementAndGet();
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			if (authorization != null) {
				authorizations.add(authorization);
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		elsewhere.start();
		try {
			EnvironmentSecretsClient client = github.connectDirectly(github.newWriterPat()).environments();
			github.simulator().faults().redirectNextTo("http://localhost:" + elsewhere.getAddress().getPort() + "/steal");

			assertThatExceptionOfType(GitHubException.class)
				.isThrownBy(() -> client.publicKey(binding.repository(), binding.environment()))
				.withMessageContaining("redirected to another origin (http://localhost)");
			assertThat(reached).hasValue(0);
			assertThat(authorizations).isEmpty();

			// A redirect within the API origin is followed.
			github.simulator().faults().redirectNextTo(github.simulator().url() + EnvironmentSecretsClient
				.environmentPath(binding.repository(), binding.environment()) + "/secrets/public-key");
			assertThat(client.publicKey(binding.repository(), binding.environment()).keyId()).isNotBlank();
		}
		finally {
			elsewhere.stop(0);
		}
	}

	@Test
	void prismShouldReportAResponseThatBreaksTheDescription(GitHubContract github) {
		// Proves the contract check bites on responses: the next environment comes back as {}.
		Binding binding = newBinding(github, true);
		GitHubConnection connection = github.connect(github.newWriterPat());
		int mark = github.prism().mark();
		github.expectViolations();
		github.simulator().faults().emptyNextBody();

		connection.environments().environment(binding.repository(), binding.environment());

		assertThat(github.prism().violationsSince(mark, List.of())).isNotEmpty();
	}

	@Test
	void prismShouldReportARequestThatBreaksTheDescription(GitHubContract github) {
		// ... and on requests: the environment body allows no other properties.
		Binding binding = newBinding(github, true);
		GitHubConnection connection = github.connect(github.newWriterPat());
		int mark = github.prism().mark();
		github.expectViolations();

		assertThatExceptionOfType(GitHubException.class).isThrownBy(() -> connection.transport()
			.send(GitHubRequest.of("PUT",
					EnvironmentSecretsClient.environmentPath(binding.repository(), binding.environment()),
					"{\"deployment_branch_policy\":null,\"colour\":\"blue\"}", "update environment")));

		assertThat(github.prism().violationsSince(mark, List.of())).isNotEmpty();
	}

}
