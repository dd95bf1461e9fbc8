package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.githubsim.SimIssue;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.TokenHealth;
import org.botkeeper.sync.TokenKind;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.TokenHealthStore;
import org.botkeeper.vault.TokenRecord;
import org.botkeeper.vault.TokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code botkeeper remind} through the real CLI, as the broker, against the real Vault and the simulator
 * through Prism (every issue request and answer checked against GitHub's OpenAPI description): one issue
 * per binding over repeated runs, updated as the expiry nears, closed once the token is rotated, never
 * duplicated. Days passing are the recorded expiry moving closer: what a {@code token check} records
 * from GitHub's header for the current token version, rewritten relative to now (the CLI reads the real
 * clock). That moves the date in the body too, so that days passing within a threshold change nothing is
 * {@code ReminderPlannerTests}' part, on a moving clock.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class RemindCommandIntegrationTests {

	private SyncWorld world;

	private VaultFixture vault;

	private RepositoryName compass;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		this.world = new SyncWorld(vault, github);
		this.vault = vault;
		world.storeWriter();
		compass = world.repository("team-compass");
	}

	private CliRun remind(String... args) {
		List<String> all = new ArrayList<>(List.of("remind"));
		all.addAll(List.of(args));
		CliRun run = VaultCli.as(vault, world.brokerToken)
			.with("GITHUB_API_URL", world.apiUrl())
			.with("BOTKEEPER_REMINDER_REPOSITORY", compass.toString())
			.run(all.toArray(String[]::new));
		LeakCanaries.assertNoLeak("remind", run.out() + run.err());
		return run;
	}

	/** Stores a token whose record says it expires in {@code days} days, as {@code token put --expires} does. */
	private void putToken(RepositoryName repository, long days) {
		new TokenStore(world.admin, world.layout, world.defaults, "botkeeper-admin").put(repository,
				SecretValue.of(LeakCanaries.fineGrainedPat()), new TokenStore.TokenChange(null, null,
						LocalDate.now(ZoneOffset.UTC).plusDays(days), null),
				null);
	}

	/** As if {@code token check} ran today and GitHub said the current token expires in {@code days} days. */
	private void checkedExpiry(RepositoryName repository, long days, TokenHealth.Verdict verdict) {
		TokenRecord record = new TokenStore(world.admin, world.layout, world.defaults, "botkeeper-admin")
			.record(repository)
			.orElseThrow();
		new TokenHealthStore(world.broker, world.layout, "botkeeper-broker").record(repository,
				new TokenHealth(record.version(), Optional.ofNullable(record.updatedTime()), verdict,
						TokenKind.FINE_GRAINED_PAT, Optional.of(Instant.now().plus(days, ChronoUnit.DAYS).plus(1,
								ChronoUnit.HOURS)),
						java.util.Set.of(), java.util.Set.of(), Instant.now()));
	}

	private List<SimIssue> issues() {
		return world.github.state().repository(compass.toString()).issues();
	}

	@Test
	void oneIssueShouldFollowTheExpiryFromThirtyDaysToRotation() {
		RepositoryName a = world.repository("a");
		putToken(a, 40);

		CliRun far = remind(a.toString());
		assertThat(far.exitCode()).as(far.describe()).isZero();
		assertThat(far.out()).contains("none").contains("beyond 30");
		assertThat(issues()).isEmpty();

		checkedExpiry(a, 25, TokenHealth.Verdict.WORKS);
		CliRun planned = remind("--plan", a.toString());
		assertThat(planned.exitCode()).as(planned.describe()).isZero();
		assertThat(planned.out()).contains("create").contains("expires in 25 days (threshold 30)");
		assertThat(planned.err()).contains("nothing written (--plan)");
		assertThat(issues()).as("--plan writes nothing").isEmpty();

		CliRun created = remind(a.toString());
		assertThat(created.exitCode()).as(created.describe()).isZero();
		assertThat(issues()).hasSize(1);
		SimIssue issue = issues().getFirst();
		assertThat(issue.title()).isEqualTo("Token for " + a + " expires within 30 days");
		assertThat(issue.labels()).containsExactly("botkeeper-token-expiry");
		assertThat(issue.body()).contains("botkeeper token rotate " + a)
			.contains("<!-- botkeeper:binding " + a + " -->");
		assertThat(issue.author()).as("written as the writer credential").isEqualTo(SimState.WRITER);

		CliRun again = remind("--format", "json", a.toString());
		assertThat(again.exitCode()).as(again.describe()).isZero();
		assertThat(again.out()).contains("\"action\" : \"NONE\"").doesNotContain("CREATE").doesNotContain("UPDATE");
		assertThat(issues()).as("a rerun finds the issue again").hasSize(1);

		checkedExpiry(a, 13, TokenHealth.Verdict.WORKS);
		CliRun fourteen = remind(a.toString());
		assertThat(fourteen.out()).contains("update").contains("#" + issue.number());
		assertThat(issues()).hasSize(1);
		assertThat(issue.title()).isEqualTo("Token for " + a + " expires within 14 days");

		checkedExpiry(a, 2, TokenHealth.Verdict.WORKS);
		remind(a.toString());
		assertThat(issue.title()).isEqualTo("Token for " + a + " expires within 3 days");
		assertThat(issue.state()).isEqualTo("open");

		// Rotated: a new token version, its expiry a year out; the check of the old one no longer counts.
		CliRun put = VaultCli.as(vault, world.adminToken).withStdin(LeakCanaries.fineGrainedPat() + "\n", "token", "put",
				a.toString(), "--expires", LocalDate.now(ZoneOffset.UTC).plusDays(365).toString());
		assertThat(put.exitCode()).as(put.describe()).isZero();
		CliRun closed = remind(a.toString());
		assertThat(closed.exitCode()).as(closed.describe()).isZero();
		assertThat(closed.out()).contains("close").contains("the token was rotated");
		assertThat(issue.state()).isEqualTo("closed");
		assertThat(issue.stateReason()).isEqualTo("completed");
		assertThat(issue.comments()).singleElement()
			.satisfies(comment -> assertThat(comment.body()).contains("the token was rotated"));
		assertThat(remind("--format", "json", a.toString()).out()).contains("\"action\" : \"NONE\"")
			.doesNotContain("CLOSE");
	}

	@Test
	void aRevokedTokenShouldGetAnIssueWhateverItsDate() {
		RepositoryName a = world.repository("revoked");
		putToken(a, 200);
		checkedExpiry(a, 200, TokenHealth.Verdict.REVOKED);

		CliRun run = remind(a.toString());

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(issues()).singleElement().satisfies(issue -> {
			assertThat(issue.title()).isEqualTo("Token for " + a + " is revoked");
			assertThat(issue.body()).contains("botkeeper token rotate " + a);
		});
	}

	@Test
	void aSecondOpenIssueForTheSameBindingShouldBeClosed() {
		RepositoryName a = world.repository("twice");
		putToken(a, 10);
		assertThat(remind(a.toString()).exitCode()).isZero();
		// Someone copied the issue by hand, marker and all.
		SimIssue first = issues().getFirst();
		new org.botkeeper.github.ReminderIssues(world.writer().transport(), compass).create(first.title(), first.body());

		CliRun run = remind(a.toString());

		assertThat(run.out()).contains("a second open reminder");
		assertThat(issues()).extracting(SimIssue::state).containsExactly("open", "closed");
	}

	@Test
	void noReminderRepositoryShouldExitTwoWithWhatToSet() {
		CliRun run = VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl()).run("remind");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
		assertThat(run.err()).contains("--repository OWNER/REPO").contains("BOTKEEPER_REMINDER_REPOSITORY");
	}

	@Test
	void aWriterWithoutIssuesPermissionShouldBeToldWhichPermissionAndWhere() {
		RepositoryName a = world.repository("no-issues");
		putToken(a, 5);
		String writer = LeakCanaries.fineGrainedPat();
		world.github.credentials().fineGrainedToken(writer, SimState.WRITER, Instant.now().plus(30, ChronoUnit.DAYS),
				Map.of("actions", "read", "environments", "write", "secrets", "write"), compass.toString(), a.toString());
		world.storeWriter(writer);

		CliRun run = remind(a.toString());

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
		assertThat(run.err()).contains("403").contains("issues: write").contains(compass.toString());
		assertThat(issues()).isEmpty();
	}

}
