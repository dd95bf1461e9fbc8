package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

import org.botkeeper.githubsim.SimState;
import org.botkeeper.sync.Action;
import org.botkeeper.sync.BindingStatus;
import org.botkeeper.sync.PlanItem;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.Reason;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.TokenHealth;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.TokenHealthStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code token check} against the real Vault (run as the broker, whose policy reads token values) and
 * the simulator through Prism: works, revoked, no access, too broad; the result is what sync and
 * status act on.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class TokenCheckCommandIntegrationTests {

	private SyncWorld world;

	private GitHubContract github;

	private VaultFixture vault;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		this.world = new SyncWorld(vault, github);
		this.github = github;
		this.vault = vault;
	}

	private CliRun asBroker(String... args) {
		return VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl()).run(args);
	}

	/** A token of the bot the simulator accepts: classic with {@code scopes}, or fine-grained (contents write). */
	private String allowedToken(Instant expiresAt, String scopes, boolean classic) {
		if (classic) {
			String token = LeakCanaries.classicPat();
			world.github.credentials().classicToken(token, SimState.BOT, expiresAt, scopes.split(", "));
			return token;
		}
		String token = LeakCanaries.fineGrainedPat();
		world.github.credentials().fineGrainedToken(token, SimState.BOT, expiresAt, Map.of("contents", "write"));
		return token;
	}

	private PlanItem planned(RepositoryName repository) {
		return world.engine()
			.plan(Set.of(repository), Planner.Options.DEFAULT)
			.plan()
			.items()
			.stream()
			.filter(item -> item.binding().repository().equals(repository))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void aWorkingTokenShouldBeRecordedWithGitHubsExpiryWhichStatusShowsInDays() {
		RepositoryName a = world.repositoryWithEnvironment("a");
		Instant expiry = github.time().instant().plus(10, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS);
		world.putToken(a, allowedToken(expiry, null, false));

		CliRun check = asBroker("token", "check", "--wide", a.toString());

		assertThat(check.exitCode()).as(check.describe()).isZero();
		assertThat(check.out()).contains(world.binding(a).toString()).contains("works")
			.contains("fine-grained personal access token")
			.contains("(10d)");
		TokenHealth health = new TokenHealthStore(world.admin, world.layout, "botkeeper-admin").read(a).orElseThrow();
		assertThat(health.verdict()).isEqualTo(TokenHealth.Verdict.WORKS);
		assertThat(health.expiresAt()).contains(expiry.truncatedTo(ChronoUnit.SECONDS));
		BindingStatus status = world.engine()
			.plan(Set.of(a), Planner.Options.DEFAULT)
			.status(Instant.now())
			.bindings()
			.getFirst();
		assertThat(status.daysToExpiry()).as("status, the page and metrics take GitHub's expiry").contains(10L);
		assertThat(status.expiringSoon()).isTrue();
	}

	@Test
	void aRevokedTokenShouldBeReportedWithoutStoppingTheOthersAndSyncShouldBlockIt() {
		RepositoryName a = world.repositoryWithEnvironment("a-revoked");
		RepositoryName b = world.repositoryWithEnvironment("b-works");
		world.putToken(a); // never allowed by the simulator: 401, as for a revoked token
		world.putToken(b, allowedToken(null, null, false));

		CliRun check = asBroker("token", "check", "--format", "json", a.toString(), b.toString());

		assertThat(check.exitCode()).as(check.describe()).isEqualTo(1);
		assertThat(check.out()).contains("\"result\" : \"REVOKED\"")
			.as("the 401 of one bound token does not latch the next token's connection")
			.contains("\"result\" : \"WORKS\"");
		assertThat(planned(a).action()).isEqualTo(Action.BLOCKED);
		assertThat(planned(a).reason()).isEqualTo(Reason.TOKEN_REVOKED);
		assertThat(planned(b).action()).isEqualTo(Action.CREATE_SECRET);

		world.putToken(a, allowedToken(null, null, false));
		assertThat(planned(a).action()).as("a new token version is not blocked by the old one's check")
			.isEqualTo(Action.CREATE_SECRET);
	}

	@Test
	void aTokenGitHubReportsExpiredShouldBlockSync() {
		RepositoryName a = world.repositoryWithEnvironment("a");
		Instant expiry = github.time().instant().plus(2, ChronoUnit.DAYS);
		world.putToken(a, allowedToken(expiry, null, false));
		assertThat(asBroker("token", "check", a.toString()).exitCode()).isZero();
		// The expiry the check recorded has passed by the time sync runs (the broker's clock).
		TokenHealthStore store = new TokenHealthStore(world.broker, world.layout, "botkeeper-broker");
		TokenHealth checked = store.read(a).orElseThrow();
		store.record(a, new TokenHealth(checked.version(), checked.recordUpdatedAt(), checked.verdict(), checked.kind(),
				java.util.Optional.of(Instant.now().minus(1, ChronoUnit.HOURS)), checked.scopes(), checked.excessScopes(),
				checked.checkedAt()));

		assertThat(planned(a).reason()).isEqualTo(Reason.TOKEN_EXPIRED);
	}

	@Test
	void aTokenWithoutAccessToItsRepositoryShouldBeReported() {
		RepositoryName a = world.repositoryWithEnvironment("a");
		world.putToken(a, allowedToken(null, null, false));
		world.github.state().repository(a.toString()).botPermission("none");

		CliRun check = asBroker("token", "check", "--wide");

		assertThat(check.exitCode()).as(check.describe()).isEqualTo(1);
		assertThat(check.out()).contains("no access").contains("lacks access");
	}

	@Test
	void aClassicTokenWithMoreScopesThanNeededShouldBeFlagged() {
		RepositoryName a = world.repositoryWithEnvironment("a");
		world.putToken(a, allowedToken(null, "repo, admin:org, delete_repo", true));

		CliRun check = asBroker("token", "check", "--wide", a.toString());

		assertThat(check.exitCode()).as(check.describe()).isEqualTo(1);
		assertThat(check.out()).contains("classic personal access token")
			.contains("broader than needed: admin:org, delete_repo");
	}

	@Test
	void anAdminShouldBeToldToRunItAsTheBroker() {
		RepositoryName a = world.repositoryWithEnvironment("a");
		world.putToken(a);

		CliRun check = VaultCli.as(vault, world.adminToken).with("GITHUB_API_URL", world.apiUrl())
			.run("token", "check", a.toString());

		assertThat(check.exitCode()).as(check.describe()).isEqualTo(1);
		assertThat(check.err()).contains("403").contains("botkeeper-broker");
	}

	@Test
	void anInvalidRepositoryNameShouldExitTwoBeforeAnyRequest() {
		CliRun check = asBroker("token", "check", "not a repo");
		assertThat(check.exitCode()).as(check.describe()).isEqualTo(2);
	}

}
