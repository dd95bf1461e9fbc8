package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.githubsim.SimulatorOptions;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.BotTokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code footprint} as the bot (its token from Vault, read by the broker) against the simulator through
 * Prism: each kind of finding, a bot with access through a team and a direct grant at once, an
 * organisation owner, and a bot whose access is exactly what its bindings need.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class FootprintCommandIntegrationTests {

	private SyncWorld world;

	private VaultFixture vault;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		this.world = new SyncWorld(vault, github);
		this.vault = vault;
		String token = LeakCanaries.classicPat();
		world.github.credentials().classicToken(token, SimState.BOT, null, "repo", "read:org");
		new BotTokenStore(world.admin, world.layout, "botkeeper-admin").set(SecretValue.of(token));
	}

	private VaultCli broker() {
		return VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl());
	}

	/** A repository the bot reaches through the team 'bots' only, with {@code role}. */
	private RepositoryName throughTeam(String name, String role) {
		RepositoryName repository = world.repository(name);
		world.github.state().repository(repository.toString()).botPermission("none");
		world.github.state().addTeam(world.owner, "bots").member(SimState.BOT).grant(repository.toString(), role);
		return repository;
	}

	@Test
	void eachFindingShouldNameTheRepositoryTheAccessAndTheFix() {
		RepositoryName clean = throughTeam("clean", "write");
		RepositoryName both = throughTeam("both", "write");
		world.github.state().repository(both.toString()).botPermission("admin");
		RepositoryName direct = world.repository("direct");
		RepositoryName excess = throughTeam("excess", "write");
		RepositoryName missing = throughTeam("missing", "none");
		RepositoryName readOnly = world.repository("read-only");
		world.github.state().repository(readOnly.toString()).botPermission("read");
		for (RepositoryName bound : java.util.List.of(clean, both, direct, missing)) {
			world.putToken(bound);
		}

		CliRun run = broker().run("footprint", "--org", world.owner);
		CliRun json = broker().run("footprint", "--org", world.owner, "--format", "json");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.out()).contains(clean + "  ").contains("team bots (write)")
			.contains("team bots (write), direct (admin)")
			.doesNotContain(readOnly.toString());
		assertThat(findingRows(run)).containsExactlyInAnyOrder("too strong " + both, "not via team " + direct,
				"excess " + excess, "missing " + missing);
		assertThat(run.out())
			.contains(both + " (too strong): gh api -X PUT repos/" + both + "/collaborators/" + SimState.BOT
					+ " -f permission=push")
			.contains(direct + " (not via team): gh api -X PUT orgs/" + world.owner + "/teams/bots/repos/" + direct
					+ " -f permission=push; gh api -X DELETE repos/" + direct + "/collaborators/" + SimState.BOT)
			.contains(excess + " (excess): gh api -X DELETE orgs/" + world.owner + "/teams/bots/repos/" + excess)
			.contains(missing + " (missing): gh api -X PUT orgs/" + world.owner + "/teams/bots/repos/" + missing
					+ " -f permission=push");
		assertThat(run.err()).contains("The bot " + SimState.BOT + " in " + world.owner).contains("4 findings");
		assertThat(json.exitCode()).as(json.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(json.out()).contains("\"kind\" : \"not via team\"").contains("\"login\" : \"" + SimState.BOT + "\"");
	}

	@Test
	void aBotWithExactlyWhatItsBindingsNeedShouldHaveNoFindings() {
		RepositoryName only = throughTeam("only", "write");
		world.putToken(only);

		CliRun run = broker().run("footprint", "--org", world.owner, "--format", "markdown");

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.out()).contains("| " + only + " | write | team bots (write) | yes |")
			.contains("None: the bot can write exactly where its bindings need it, through a team.");
	}

	@Test
	void anOrganisationOwnerShouldBeTooStrong() {
		RepositoryName repository = throughTeam("owned", "write");
		world.putToken(repository);
		world.github.state().addOrganisation(world.owner, SimState.BOT);

		CliRun run = broker().run("footprint", "--org", world.owner);

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(findingRows(run)).containsExactly("too strong " + world.owner);
		assertThat(run.out()).contains("gh api -X PUT orgs/" + world.owner + "/memberships/" + SimState.BOT + " -f role=member");
	}

	/**
	 * An organisation whose writer names another GitHub host (an Enterprise Server) is not asked about on
	 * GITHUB_API_URL: the bot there is another account, so every binding of it would read as missing.
	 */
	@Test
	void anOrganisationOnAnotherGitHubHostShouldBeNamedAsNotLookedAtInsteadOfMissing() {
		RepositoryName here = throughTeam("here", "write");
		world.putToken(here);
		String elsewhere = world.owner + "-ghe";
		world.putToken(RepositoryName.parse(elsewhere + "/app"));
		try (GitHubSimulator enterprise = GitHubSimulator.start(SimulatorOptions.defaults(), "/api/v3")) {
			String writer = LeakCanaries.classicPat();
			enterprise.credentials().classicToken(writer, SimState.WRITER, null, "repo");
			CliRun set = VaultCli.as(vault, world.adminToken)
				.withStdin(writer + "\n", "writer", "set", "--owner", elsewhere, "--api-url", enterprise.url(), "--pat");
			assertThat(set.exitCode()).as(set.describe()).isZero();

			CliRun run = broker().run("footprint", "--org", world.owner, "--org", elsewhere);
			CliRun json = broker().run("footprint", "--org", world.owner, "--org", elsewhere, "--format", "json");
			CliRun onlyThere = broker().run("footprint", "--org", elsewhere);

			assertThat(run.exitCode()).as(run.describe()).isZero();
			assertThat(run.err()).contains("Not looked at: " + elsewhere + ", whose writer names the GitHub API "
					+ enterprise.url()).contains("The bot " + SimState.BOT + " in " + world.owner + ":");
			assertThat(findingRows(run)).as(run.describe()).isEmpty();
			assertThat(json.out()).contains("\"organisation\" : \"" + elsewhere + "\"")
				.contains("\"api_url\" : \"" + enterprise.url() + "\"");
			assertThat(onlyThere.exitCode()).as(onlyThere.describe()).isEqualTo(ExitCodes.BAD_INPUT);
			assertThat(onlyThere.err()).contains("Nothing to look at on GITHUB_API_URL");
			LeakCanaries.assertNoLeak(run.describe(), run.out() + run.err() + json.out() + onlyThere.err());
		}
	}

	@Test
	void badInputAndAMissingBotTokenShouldSaySoAndExitNonZero() {
		CliRun badOrg = broker().run("footprint", "--org", "not an org");
		// The bot token is one per mount, and other tests keep theirs: ask in a mount without one.
		vault.ensureKv2("botkeeper-footprint-empty");
		CliRun noToken = VaultCli.as(vault, vault.server().rootToken()).with("GITHUB_API_URL", world.apiUrl())
			.with("BOTKEEPER_KV_MOUNT", "botkeeper-footprint-empty")
			.run("footprint", "--org", world.owner);

		assertThat(badOrg.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(badOrg.err()).contains("Invalid organisation 'not an org' for --org");
		assertThat(noToken.exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(noToken.err()).contains("No bot token in Vault").contains("botkeeper bot-token set");
	}

	/** The findings table's first two columns, one string per row: "KIND WHERE". */
	private static java.util.List<String> findingRows(CliRun run) {
		return run.out().lines().map(line -> line.replaceAll("\\s+", " "))
			.filter(line -> line.matches("(too strong|excess|missing|not via team) \\S+ .*"))
			.map(line -> line.replaceFirst("^(too strong|excess|missing|not via team) (\\S+) .*$", "$1 $2"))
			.toList();
	}

}
