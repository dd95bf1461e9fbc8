package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.botkeeper.githubsim.SimRepository;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code guardrails} against the real Vault and the simulator through Prism: unprotected default
 * branch, push restrictions, rulesets, read-only bot, open environment, leaked repository and
 * organisation secrets; each failure says how to fix it and exits 1.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class GuardrailsCommandIntegrationTests {

	private SyncWorld world;

	private VaultFixture vault;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		this.world = new SyncWorld(vault, github);
		this.vault = vault;
		// An org owner's PAT with admin:org: listing the organisation's secrets needs both.
		world.storeWriter(github.newWriterToken("repo", "workflow", "admin:org"));
		world.github.state().addOrganisation(world.owner, SimState.WRITER);
	}

	private RepositoryName bound(String name) {
		RepositoryName repository = world.repositoryWithEnvironment(name);
		String token = LeakCanaries.fineGrainedPat();
		world.github.credentials().fineGrainedToken(token, SimState.BOT, null, Map.of("contents", "write"));
		world.putToken(repository, token);
		return repository;
	}

	private SimRepository sim(RepositoryName repository) {
		return world.github.state().repository(repository.toString());
	}

	private CliRun guardrails(String... args) {
		// --wide: the findings and fixes in full, one line each (the tests read them whole)
		String[] all = new String[args.length + 2];
		all[0] = "guardrails";
		all[1] = "--wide";
		System.arraycopy(args, 0, all, 2, args.length);
		return VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl()).run(all);
	}

	@Test
	void aWellGuardedRepositoryShouldPassEveryCheck() {
		RepositoryName reviewed = bound("reviewed");
		sim(reviewed).requirePullRequestReviews(true, false);
		RepositoryName restricted = bound("restricted");
		sim(restricted).requirePullRequestReviews(false, false);
		sim(restricted).restrictPushesTo("release-manager");
		RepositoryName ruleset = bound("ruleset");
		sim(ruleset).protectDefaultBranch(false);
		sim(ruleset).addRulesetRule("update");
		RepositoryName readOnly = bound("read-only");
		sim(readOnly).protectDefaultBranch(false);
		sim(readOnly).botPermission("read");

		CliRun run = guardrails("--bot-login", "the-bot", reviewed.toString(), restricted.toString(), ruleset.toString(),
				readOnly.toString());

		assertThat(run.exitCode()).as(run.out() + run.describe()).isZero();
		assertThat(run.out()).contains("requires pull request reviews")
			.contains("restricted and the bot is not allowed")
			.contains("ruleset rule 'update'")
			.contains("below write")
			.doesNotContain("FAIL");
	}

	@Test
	void anUnprotectedBranchAnOpenEnvironmentAndLeakedSecretsShouldFailWithFixes() {
		RepositoryName a = bound("a");
		sim(a).protectDefaultBranch(false);
		world.environment(a).unprotect(Instant.now());
		sim(a).putRepositorySecret(world.defaults.secretName().value(), Instant.now());
		RepositoryName b = bound("b");
		sim(b).requirePullRequestReviews(true, false);
		world.github.state().putOrganisationSecret(world.owner, world.defaults.secretName().value());

		CliRun run = guardrails("--format", "json", a.toString(), b.toString());

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
		assertThat(run.out()).contains("nothing stops it from pushing to 'main'")
			.contains("Protect 'main' with required pull request reviews")
			.contains("accepts deployments from every branch")
			.contains("gh secret delete " + world.defaults.secretName().value() + " --repo " + a)
			.contains("gh secret delete " + world.defaults.secretName().value() + " --org " + world.owner);
	}

	@Test
	void aBotAllowedToPushOrAMissingEnvironmentShouldFail() {
		RepositoryName allowed = bound("allowed");
		sim(allowed).restrictPushesTo("the-bot");
		RepositoryName noEnvironment = world.repository("no-env");
		String token = LeakCanaries.fineGrainedPat();
		world.github.credentials().fineGrainedToken(token, SimState.BOT, null, Map.of("contents", "write"));
		world.putToken(noEnvironment, token);
		sim(noEnvironment).requirePullRequestReviews(true, false);

		CliRun run = guardrails("--bot-login", "The-Bot", "--require-reviewers", allowed.toString(),
				noEnvironment.toString());

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
		assertThat(run.out()).contains("the bot 'the-bot' is among those allowed to push")
			.contains("does not exist")
			.contains("botkeeper sync " + noEnvironment)
			.contains("need no reviewer's approval");
	}

	@Test
	void pushRestrictionsWithoutTheBotsLoginShouldAskForIt() {
		RepositoryName a = bound("a");
		sim(a).restrictPushesTo("someone");

		CliRun run = guardrails(a.toString());

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
		assertThat(run.out()).contains("--bot-login");
	}

}
