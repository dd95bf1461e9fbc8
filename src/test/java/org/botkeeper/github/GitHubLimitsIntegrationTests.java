package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.github.EnvironmentSecretsClientIntegrationTests.newBinding;
import static org.botkeeper.github.EnvironmentSecretsClientIntegrationTests.plaintext;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.githubsim.SimCounters;
import org.botkeeper.githubsim.SimulatorOptions;
import org.botkeeper.sync.Binding;
import org.botkeeper.githubsim.SimCredentials;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.TestAppKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client against the simulator at GitHub's full limit model (every documented limit, GitHub's
 * figures), on manual time: long runs draw no refusal at all, and where GitHub answers a limit the
 * client did not see coming, it waits as told and sends nothing meanwhile. Volume runs go straight to
 * the simulator (thousands of exchanges through Prism would add minutes and check nothing new).
 */
@ExtendWith(GitHubContractExtension.class)
class GitHubLimitsIntegrationTests {

	@Test
	void sixHundredWritesShouldStayWithinEveryLimitOfGitHubAndTakeOverAnHour(GitHubContract github) {
		List<Binding> bindings = new ArrayList<>();
		for (int i = 0; i < 600; i++) {
			bindings.add(newBinding(github, true));
		}
		EnvironmentSecretsClient client = github.connectDirectly(github.newWriterPat()).environments();
		SimCounters counters = github.simulator().counters();
		counters.reset();
		Instant start = github.time().instant();
		String token = LeakCanaries.fineGrainedPat();

		for (Binding binding : bindings) {
			client.putSecret(binding, SecretValue.of(token));
			client.secret(binding);
		}

		assertThat(counters.limitViolations()).as(counters.toString()).isZero();
		assertThat(counters.mutatingRequests()).isEqualTo(600);
		assertThat(counters.peaks()).as("no window ever held more than the client's budgets")
			.containsEntry("content-per-hour", 450L)
			.containsEntry("concurrent", 1L)
			.hasEntrySatisfying("content-per-minute", peak -> assertThat(peak).isLessThanOrEqualTo(60))
			.hasEntrySatisfying("points", peak -> assertThat(peak).isLessThanOrEqualTo(810));
		assertThat(Duration.between(start, github.time().instant())).as("500 an hour: the last 150 wait")
			.isGreaterThan(Duration.ofHours(1));
		assertThat(plaintext(github, bindings.getLast())).isEqualTo(token);
	}

	@Test
	void readsShouldBePacedWithin810PointsAMinuteEvenWhenAnswered304(GitHubContract github) {
		Binding binding = newBinding(github, true);
		EnvironmentSecretsClient client = github.connectDirectly(github.newWriterPat()).environments();
		SimCounters counters = github.simulator().counters();
		counters.reset();
		Instant start = github.time().instant();

		for (int i = 0; i < 2000; i++) {
			client.environment(binding.repository(), binding.environment());
		}

		assertThat(counters.notModified()).isEqualTo(1999);
		assertThat(counters.primaryPointsUsed()).isEqualTo(1);
		assertThat(counters.limitViolations()).as(counters.toString()).isZero();
		assertThat(counters.peaks()).hasEntrySatisfying("points", peak -> assertThat(peak).isEqualTo(810));
		assertThat(Duration.between(start, github.time().instant())).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void aContentLimitTheClientDidNotSeeComingShouldBeWaitedOutAsRetryAfterSays(GitHubContract github) {
		Binding first = newBinding(github, true);
		Binding second = newBinding(github, true);
		Binding third = newBinding(github, true);
		// Someone else spent most of this hour's content budget: the client knows nothing of it.
		github.simulator().limits(SimulatorOptions.defaults()
			.withContentPerHour(new SimulatorOptions.Limit(2, Duration.ofHours(1))));
		EnvironmentSecretsClient client = github.connect(github.newWriterPat()).environments();
		String token = LeakCanaries.fineGrainedPat();
		client.putSecret(first, SecretValue.of(token));
		client.putSecret(second, SecretValue.of(token));
		SimCounters counters = github.simulator().counters();
		List<Long> requestsAtLongWait = new CopyOnWriteArrayList<>();
		github.time().onSleep(wait -> {
			if (wait.compareTo(Duration.ofMinutes(1)) > 0) {
				requestsAtLongWait.add(counters.requests());
			}
		});
		github.time().clearSleeps();
		long violations = counters.limitViolations();

		client.putSecret(third, SecretValue.of(token));

		assertThat(plaintext(github, third)).isEqualTo(token);
		assertThat(counters.limitViolations() - violations).as("one refusal, then silence").isEqualTo(1);
		assertThat(counters.limitViolations("content-per-hour")).isEqualTo(1);
		assertThat(github.time().sleeps()).filteredOn(wait -> wait.compareTo(Duration.ofMinutes(1)) > 0)
			.singleElement()
			.satisfies(wait -> assertThat(wait).isBetween(Duration.ofMinutes(59), Duration.ofHours(1)));
		// After the wait: the retried PUT, and the conditional key read every write makes afterwards (cli/cli#3831).
		assertThat(counters.requests()).as("only the retry and its key check after the wait")
			.isEqualTo(requestsAtLongWait.get(0) + 2);
	}

	@Test
	void aReMintedInstallationTokenShouldWaitForItsInstallationsResetAndDrawNo403(GitHubContract github) {
		KeyPair pair = TestAppKeys.generate();
		github.simulator().limits(SimulatorOptions.defaults().withPrimaryLimit(3, Duration.ofMinutes(10)));
		Binding binding = newBinding(github, true);
		github.simulator().credentials().registerApp("31339", (RSAPublicKey) pair.getPublic(),
				SimCredentials.Installation.allRepositories(4444, binding.repository().owner(), GitHubContract.WRITER_APP));
		GitHubConnection first = github.connect(app(pair, github));
		first.environments().environment(binding.repository(), binding.environment());
		first.environments().publicKey(binding.repository(), binding.environment());
		first.environments().secrets(binding.repository(), binding.environment());
		long violations = github.simulator().counters().limitViolations();
		github.time().clearSleeps();
		AppInstallationCredential renewed = app(pair, github);

		GitHubConnection next = first.withCredential(renewed);
		next.environments().secrets(binding.repository(), binding.environment());

		assertThat(renewed.tokensMinted()).as("a new token, minted on the App's own quota").isEqualTo(1);
		assertThat(github.simulator().counters().limitViolations()).as("no 403 for the new token").isEqualTo(violations);
		assertThat(github.time().sleeps()).anySatisfy(wait -> assertThat(wait).isGreaterThan(Duration.ofMinutes(9)));
	}

	private static AppInstallationCredential app(KeyPair pair, GitHubContract github) {
		return new AppInstallationCredential("31339", AppPrivateKey.parse(SecretValue.of(TestAppKeys.pkcs1Pem(pair))),
				4444, github.time());
	}

}
