package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.githubsim.SimCredentials;
import org.botkeeper.githubsim.SimOrgTokens;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.TestAppKeys;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.BotTokenStore;
import org.botkeeper.vault.TokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code token review} through the real command line, against the real Vault and the simulator's
 * organisation token endpoints (through Prism): the plan with each step and flag and its reason, the
 * apply, a second run with nothing left to do, and the writers GitHub does not let in.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class TokenReviewCommandIntegrationTests {

	private static final Map<String, String> GOVERNANCE = Map.of("organization_personal_access_tokens", "write",
			"organization_personal_access_token_requests", "write");

	private SyncWorld world;

	private VaultFixture vault;

	private GitHubContract github;

	private Instant now;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		this.world = new SyncWorld(vault, github);
		this.vault = vault;
		this.github = github;
		// The command line signs the App's JWT with the system clock; the simulator checks it with the shared one.
		github.time().alignWith(Instant.now().truncatedTo(ChronoUnit.SECONDS));
		this.now = github.time().instant();
		world.github.state().addOrganisation(world.owner);
	}

	private void appWriter(Map<String, String> extra) {
		appWriter(extra, new String[0]);
	}

	/** @param where nothing for the default writer, or {@code --owner ORG} for that organisation's own */
	private void appWriter(Map<String, String> extra, String... where) {
		long appId = ThreadLocalRandom.current().nextLong(100_000, 900_000);
		long installationId = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
		Map<String, String> permissions = new HashMap<>(GitHubContract.WRITER_APP);
		permissions.putAll(extra);
		KeyPair pair = TestAppKeys.generate();
		world.github.credentials().registerApp(Long.toString(appId), (RSAPublicKey) pair.getPublic(),
				SimCredentials.Installation.allRepositories(installationId, world.owner, permissions));
		List<String> args = new ArrayList<>(List.of("writer", "set", "--app-id", Long.toString(appId), "--installation-id",
				Long.toString(installationId)));
		args.addAll(List.of(where));
		CliRun set = VaultCli.as(vault, world.adminToken).withStdin(LeakCanaries.plant(TestAppKeys.pkcs8Pem(pair)),
				args.toArray(String[]::new));
		assertThat(set.exitCode()).as(set.describe()).isZero();
		String botToken = LeakCanaries.classicPat();
		world.github.credentials().classicToken(botToken, SimState.BOT, now.plus(30, ChronoUnit.DAYS), "repo");
		new BotTokenStore(world.admin, world.layout, "botkeeper-admin").set(SecretValue.of(botToken));
	}

	/** A binding whose token Vault records as expiring on {@code expires}. */
	private RepositoryName bound(String name, LocalDate expires) {
		RepositoryName repository = world.repository(name);
		new TokenStore(world.admin, world.layout, world.defaults, "botkeeper-admin").put(repository,
				SecretValue.of(LeakCanaries.fineGrainedPat()), new TokenStore.TokenChange(null, null, expires, null), null);
		return repository;
	}

	private Instant day(LocalDate date) {
		return date.atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	private CliRun review(String... args) {
		// The Vault server is shared by the tests: name the organisation, as there are bindings in several.
		String[] all = new String[args.length + 4];
		all[0] = "token";
		all[1] = "review";
		all[2] = "--org";
		all[3] = world.owner;
		System.arraycopy(args, 0, all, 4, args.length);
		return VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl()).run(all);
	}

	@Test
	void aPlanShouldGiveEachStepAndFlagWithItsReasonAndApplyShouldLeaveNothingToDo() {
		appWriter(GOVERNANCE);
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		RepositoryName rotated = bound("rotated", today.plusDays(90));
		RepositoryName wide = bound("wide", today.plusDays(30));
		RepositoryName fresh = bound("fresh", today.plusDays(60));
		RepositoryName unbound = world.repository("unbound");
		SimOrgTokens tokens = world.github.orgTokens();
		String org = world.owner;
		long previous = tokens.grant(org, SimState.BOT, "rotated old", now.minus(80, ChronoUnit.DAYS),
				day(today.plusDays(10)), now.minus(1, ChronoUnit.DAYS), rotated.toString());
		long current = tokens.grant(org, SimState.BOT, "rotated new", now.minus(1, ChronoUnit.DAYS),
				day(today.plusDays(90)), now, rotated.toString());
		long tooWide = tokens.grant(org, SimState.BOT, "wide", now.minus(200, ChronoUnit.DAYS), day(today.plusDays(30)),
				now.minus(100, ChronoUnit.DAYS), wide.toString(), unbound.toString());
		long stray = tokens.grant(org, SimState.BOT, "stray", now.minus(5, ChronoUnit.DAYS), day(today.plusDays(20)), null,
				unbound.toString());
		long someoneElses = tokens.grant(org, "alice", "alice's", now.minus(300, ChronoUnit.DAYS), null, null,
				unbound.toString());
		long matching = tokens.request(org, SimState.BOT, "fresh", null, now, day(today.plusDays(60)), fresh.toString());
		long asksTooMuch = tokens.request(org, SimState.BOT, "greedy", null, now, day(today.plusDays(60)), fresh.toString(),
				unbound.toString());
		long notTheBots = tokens.request(org, "alice", "alice's request", "to triage issues", now, null, wide.toString());

		CliRun plan = review();

		assertThat(plan.exitCode()).as(plan.describe()).isEqualTo(ExitCodes.CHANGES_PENDING);
		assertThat(plan.out()).as(plan.describe())
			.containsPattern("revoke +token " + previous + " 'rotated old' of " + SimState.BOT
					+ " +replaced by a rotation: " + rotated + " uses 'rotated new' now \\(expires " + today.plusDays(90))
			.containsPattern("approve +request " + matching + " 'fresh' of " + SimState.BOT
					+ " +asks only for bound repositories: " + fresh)
			.containsPattern("deny +request " + asksTooMuch + " 'greedy' of " + SimState.BOT + " +asks for " + unbound
					+ ", which no binding in Vault needs")
			.containsPattern("excess +token " + tooWide + " 'wide' of " + SimState.BOT + " +selects also " + unbound
					+ "; its binding needs only " + wide)
			.containsPattern("unused +token " + tooWide + " 'wide' of " + SimState.BOT + " +last used "
					+ today.minusDays(100) + ", more than 90 days ago")
			.containsPattern("no binding +token " + stray + " 'stray' of " + SimState.BOT + " +selects " + unbound
					+ ", and no binding in Vault holds a personal access token there")
			.containsPattern("left +request " + notTheBots + " 'alice's request' of alice +a request of alice, not of the bot")
			.doesNotContain("token " + current + " ")
			.doesNotContain("token " + someoneElses + " ");
		assertThat(plan.err()).contains("3 steps, 4 findings. Run again with --apply");
		assertThat(tokens.revoked()).as("a plan changes nothing").isEmpty();
		assertThat(tokens.review(matching)).isEmpty();

		CliRun applied = review("--apply", "--unused-days", "120");

		assertThat(applied.exitCode()).as(applied.describe()).isZero();
		assertThat(applied.out()).as("--unused-days moves the line").doesNotContain("unused ");
		assertThat(applied.err()).contains("3 steps, 3 findings: all applied.");
		assertThat(tokens.revoked()).containsExactly(previous);
		assertThat(tokens.review(matching)).contains(new SimOrgTokens.Review("approve",
				"botkeeper: asks only for bound repositories: " + fresh));
		assertThat(tokens.review(asksTooMuch).orElseThrow().action()).isEqualTo("deny");
		assertThat(tokens.review(asksTooMuch).orElseThrow().reason()).contains("which no binding in Vault needs");
		assertThat(tokens.review(notTheBots)).as("left alone").isEmpty();

		CliRun again = review("--format", "json");

		assertThat(again.exitCode()).as(again.describe()).isZero();
		assertThat(again.out()).contains("\"steps\" : [ ]").contains("\"finding\" : \"excess\"")
			.contains("\"finding\" : \"left\"")
			.contains("\"reason\" : \"to triage issues\"");
	}

	@Test
	void aStepGitHubRefusesShouldBeReportedWithTheOthersStillApplied() {
		// Read is enough to list, not to revoke; reviewing requests is allowed.
		appWriter(Map.of("organization_personal_access_tokens", "read", "organization_personal_access_token_requests",
				"write"));
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		RepositoryName repository = bound("hub", today.plusDays(90));
		SimOrgTokens tokens = world.github.orgTokens();
		long previous = tokens.grant(world.owner, SimState.BOT, "old", now.minus(80, ChronoUnit.DAYS),
				day(today.plusDays(10)), now, repository.toString());
		tokens.grant(world.owner, SimState.BOT, "new", now.minus(1, ChronoUnit.DAYS), day(today.plusDays(90)), now,
				repository.toString());
		long request = tokens.request(world.owner, SimState.BOT, "wide", null, now, null);

		CliRun run = review("--apply");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.out()).as(run.describe())
			.contains("failed: Cannot revoke fine-grained token " + previous + "'s access to " + world.owner
					+ ": GitHub returned 403 (Resource not accessible by integration)")
			.contains("GitHub accepts permissions organization_personal_access_tokens=write.");
		assertThat(run.err()).contains("2 steps, 0 findings: 1 failed (see above).");
		assertThat(tokens.revoked()).isEmpty();
		assertThat(tokens.review(request).orElseThrow().action()).isEqualTo("deny");
	}

	@Test
	void badOptionsShouldExit2BeforeAnyRequest() {
		CliRun days = review("--unused-days", "0");
		CliRun org = VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl())
			.run("token", "review", "--org", "not/an-org");

		assertThat(days.exitCode()).as(days.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(days.err()).contains("Invalid --unused-days 0: use a number of days, 1 or more.");
		assertThat(org.exitCode()).as(org.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(org.err()).contains("Invalid organisation 'not/an-org' for --org");
	}

	@Test
	void aPersonalAccessTokenWriterShouldBeToldThatGitHubAllowsOnlyApps() {
		world.storeWriter();
		bound("any", null);

		CliRun run = review();

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains("The writer credential is a personal access token, and GitHub allows the "
				+ "organisation's fine-grained token endpoints only to GitHub Apps").contains("Nothing was reviewed.");
	}

	@Test
	void anOrganisationsOwnAppWriterShouldReviewItWhileTheDefaultIsAPersonalAccessToken() {
		world.storeWriter();
		appWriter(GOVERNANCE, "--owner", world.owner);
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		RepositoryName rotated = bound("rotated", today.plusDays(90));
		long previous = world.github.orgTokens().grant(world.owner, SimState.BOT, "rotated old",
				now.minus(80, ChronoUnit.DAYS), day(today.plusDays(10)), now.minus(1, ChronoUnit.DAYS), rotated.toString());

		CliRun run = review("--format", "json");

		assertThat(run.exitCode()).as(run.describe()).isNotEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.out()).as("listed as the organisation's own App: " + run.describe()).contains(Long.toString(previous));
		LeakCanaries.assertNoLeak(run.describe(), run.out() + run.err());
	}

	@Test
	void anAppWithoutTheOrganisationPermissionShouldGetGitHubsRefusalExplained() {
		appWriter(Map.of());
		bound("any", null);

		CliRun run = review();

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).as(run.describe())
			.contains("Cannot list the fine-grained tokens with access to " + world.owner
					+ ": GitHub returned 403 (Resource not accessible by integration)")
			.contains("needs the App's organisation permission 'Personal access tokens'")
			.contains("GitHub accepts permissions organization_personal_access_tokens=read.")
			.doesNotContain("Internal error");
	}

}
