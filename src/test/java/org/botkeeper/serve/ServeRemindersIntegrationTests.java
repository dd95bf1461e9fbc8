package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.testsupport.ServeWorld.check;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimIssue;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DedicatedVault;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.RealTimeGitHub;
import org.botkeeper.testsupport.RealTimeGitHubExtension;
import org.botkeeper.testsupport.RunningServe;
import org.botkeeper.testsupport.ServeWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;

/**
 * serve's daily tasks, on the simulator through Prism: at start-up its token check learns GitHub's
 * expiry of a token (10 days out), and its reminder task opens the issue for it in the reminder repository.
 */
@ExtendWith(RealTimeGitHubExtension.class)
class ServeRemindersIntegrationTests {

	private static final String BOUND = "remind-org/bound";

	private static final String COMPASS = "remind-org/team-compass";

	@Test
	void serveShouldCheckTokensAndOpenTheReminderIssueAtStartUp(RealTimeGitHub realTime) throws Exception {
		GitHubSimulator github = realTime.simulator();
		github.state().addRepository(BOUND);
		github.state().addRepository(COMPASS);
		String writer = LeakCanaries.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		String bot = LeakCanaries.fineGrainedPat();
		github.credentials().fineGrainedToken(bot, SimState.BOT, Instant.now().plus(10, ChronoUnit.DAYS).plus(1,
				ChronoUnit.HOURS), Map.of("contents", "write"));
		try (DedicatedVault vault = DedicatedVault.start("reminders")) {
			ServeWorld.initialise(vault, writer);
			check(CliRun.withEnv(vault.rootEnv(), bot + "\n", "token", "put", BOUND));
			String broker = ServeWorld.brokerToken(vault);
			try (RunningServe serve = RunningServe.start(
					Map.of("BAO_ADDR", vault.server().address().toString(), "BAO_TOKEN", broker, "GITHUB_API_URL",
							realTime.url(), "BOTKEEPER_WRITE_GAP", "0s", "BOTKEEPER_REMINDER_REPOSITORY", COMPASS),
					WebApplicationType.NONE, "--botkeeper.schedule.interval=10m")) {
				long deadline = System.nanoTime() + 30_000_000_000L;
				while (github.state().repository(COMPASS).issues().isEmpty() && System.nanoTime() < deadline) {
					Thread.sleep(100);
				}
			}
		}
		List<SimIssue> issues = github.state().repository(COMPASS).issues();
		assertThat(issues).as("opened by serve's daily task").singleElement().satisfies(issue -> {
			assertThat(issue.title()).as("the expiry token check learned from GitHub")
				.isEqualTo("Token for " + BOUND + " expires within 14 days");
			assertThat(issue.body()).contains("botkeeper token rotate " + BOUND);
		});
	}

}
