package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.githubsim.SimulatorOptions;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.ManualTime;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHRepository;

/**
 * The connection as a whole, straight against simulators: a GitHub Enterprise Server base path, and
 * github-api sharing our transport. (Not through Prism: the simulator's repository object carries
 * only the fields botkeeper reads, not the whole {@code full-repository} schema.)
 */
class GitHubConnectionIntegrationTests {

	@Test
	void enterpriseServerApiPathShouldWork() {
		ManualTime time = new ManualTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));
		try (GitHubSimulator ghes = GitHubSimulator.start(SimulatorOptions.defaults().withClock(time), "/api/v3")) {
			ghes.state().addRepository("jupyterhub/binderhub");
			String writer = LeakCanaries.classicPat();
			ghes.credentials().classicToken(writer, SimState.WRITER, null, "repo");
			GitHubConnection connection = GitHubConnection.open(GitHubApi.of(ghes.url()),
					new PersonalAccessToken(SecretValue.of(writer)), GitHubLimits.defaults(), time, time);
			Binding binding = new Binding(RepositoryName.parse("jupyterhub/binderhub"), new EnvironmentName("bot"),
					new SecretName("BOT_PAT"));
			String token = LeakCanaries.fineGrainedPat();

			connection.environments().createEnvironment(binding.repository(), binding.environment());
			connection.environments().putSecret(binding, SecretValue.of(token));

			assertThat(ghes.url()).endsWith("/api/v3");
			byte[] stored = ghes.state().repository("jupyterhub/binderhub").environment("bot").secret("BOT_PAT")
				.plaintext();
			assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo(token);
		}
	}

	@Test
	void githubApiShouldGoThroughOurTransportAndItsLatch() throws Exception {
		ManualTime time = new ManualTime(Instant.now().truncatedTo(ChronoUnit.SECONDS));
		try (GitHubSimulator github = GitHubSimulator.start(SimulatorOptions.defaults().withClock(time))) {
			github.state().addRepository("jupyterhub/binderhub").botPermission("write");
			// The bot's own token: the permissions GitHub reports are the caller's role (write).
			String writer = LeakCanaries.classicPat();
			github.credentials().classicToken(writer, SimState.BOT, null, "repo");
			GitHubConnection connection = GitHubConnection.open(GitHubApi.of(github.url()),
					new PersonalAccessToken(SecretValue.of(writer)), GitHubLimits.defaults(), time, time);

			GHRepository repository = connection.github().getRepository("jupyterhub/binderhub");

			assertThat(repository.getDefaultBranch()).isEqualTo("main");
			assertThat(repository.hasPushAccess()).isTrue();
			assertThat(repository.hasAdminAccess()).isFalse();
			assertThat(connection.transport().requestsSent()).isPositive();

			github.faults().unauthorized(true);
			assertThatExceptionOfType(GitHubUnauthorizedException.class)
				.isThrownBy(() -> connection.github().getRepository("jupyterhub/other"));
			github.faults().unauthorized(false);
			long before = github.counters().requests();
			assertThatExceptionOfType(GitHubUnauthorizedException.class).isThrownBy(() -> connection.environments()
				.environment(RepositoryName.parse("jupyterhub/binderhub"), new EnvironmentName("bot")));
			assertThat(github.counters().requests()).isEqualTo(before);
		}
	}

}
