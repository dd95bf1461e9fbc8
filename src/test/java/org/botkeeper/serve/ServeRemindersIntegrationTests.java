package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimIssue;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DedicatedVault;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.RealTimeGitHub;
import org.botkeeper.testsupport.RealTimeGitHubExtension;
import org.botkeeper.testsupport.ServeWithEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

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
		Path home = Files.createTempDirectory("botkeeper-serve-home");
		try (DedicatedVault vault = DedicatedVault.start("reminders")) {
			Map<String, String> root = vault.rootEnv();
			check(CliRun.withEnv(root, "", "vault", "init"));
			check(CliRun.withEnv(root, writer + "\n", "writer", "set", "--pat"));
			check(CliRun.withEnv(root, bot + "\n", "token", "put", BOUND));
			String broker = field(vault.send("POST", "auth/token/create", "{\"policies\":[\"botkeeper-broker\"]}",
					Map.of()), "client_token");
			LeakCanaries.plant(broker);
			try (ConfigurableApplicationContext serve = ServeWithEnvironment.start(
					Map.of("BAO_ADDR", vault.server().address().toString(), "BAO_TOKEN", broker, "GITHUB_API_URL",
							realTime.url(), "BOTKEEPER_WRITE_GAP", "0s", "HOME", home.toString(),
							"BOTKEEPER_REMINDER_REPOSITORY", COMPASS),
					WebApplicationType.NONE, "--botkeeper.schedule.interval=10m")) {
				long deadline = System.nanoTime() + 30_000_000_000L;
				while (github.state().repository(COMPASS).issues().isEmpty() && System.nanoTime() < deadline) {
					Thread.sleep(100);
				}
			}
		}
		finally {
			Files.deleteIfExists(home);
		}
		List<SimIssue> issues = github.state().repository(COMPASS).issues();
		assertThat(issues).as("opened by serve's daily task").singleElement().satisfies(issue -> {
			assertThat(issue.title()).as("the expiry token check learned from GitHub")
				.isEqualTo("Token for " + BOUND + " expires within 14 days");
			assertThat(issue.body()).contains("botkeeper token rotate " + BOUND);
		});
	}

	private static void check(CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

	private static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
		assertThat(matcher.find()).as("field %s", name).isTrue();
		return matcher.group(1);
	}

}
