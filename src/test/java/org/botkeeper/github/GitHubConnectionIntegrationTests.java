package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * The connection as a whole, straight against a simulator: a GitHub Enterprise Server base path.
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

}
