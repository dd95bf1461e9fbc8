package org.botkeeper.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.github.GitHubLimits;
import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimSecret;
import org.botkeeper.githubsim.SimulatorOptions;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.RealTimeGitHub;
import org.botkeeper.testsupport.RealTimeGitHubExtension;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each fault of {@link GitHubFaultsIntegrationTests} once through the real command line, as a person
 * meets it: {@code botkeeper sync --yes} as the broker, its exit code and what it prints. Through Prism:
 * the run's GitHub contract, or for the rate limits, whose resets the CLI waits out in real time, the
 * simulator on the real clock ({@link RealTimeGitHub}). Connection resets alone go straight to the
 * simulator, since Prism would answer them with a 5xx of its own.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class, RealTimeGitHubExtension.class })
class GitHubFaultsCliIntegrationTests {

	private SyncWorld world;

	private GitHubContract github;

	private VaultFixture vault;

	private final Map<RepositoryName, String> tokens = new LinkedHashMap<>();

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		this.vault = vault;
		this.github = github;
		world = new SyncWorld(vault, github);
		world.storeWriter();
		world.expireLeaseIfHeld();
	}

	private void bindings(int count) {
		for (int i = 1; i <= count; i++) {
			RepositoryName repository = world.repositoryWithEnvironment("c" + i);
			tokens.put(repository, world.putToken(repository));
		}
	}

	private CliRun sync(String apiUrl) {
		List<String> args = new ArrayList<>(List.of("sync", "--yes"));
		tokens.keySet().forEach(repository -> args.add(repository.toString()));
		return VaultCli.as(vault, world.brokerToken)
			.with("GITHUB_API_URL", apiUrl)
			.with("BOTKEEPER_WRITE_GAP", "0s")
			.run(args.toArray(String[]::new));
	}

	private CliRun syncThroughPrism() {
		return sync(world.apiUrl());
	}

	/** stderr as a person reads it, the plan table's wrapped cells joined again. */
	private static String said(CliRun run) {
		return run.err().replaceAll("\\s+", " ");
	}

	private String bindingOf(RepositoryName repository) {
		return world.binding(repository).toString();
	}

	/** The world's bindings on the simulator on the real clock too, with the writer let in. */
	private GitHubSimulator onTheRealClock(RealTimeGitHub realTime) {
		GitHubSimulator simulator = realTime.simulator();
		world.allowWriterOn(simulator);
		tokens.keySet().forEach(repository -> {
			simulator.state().addRepository(repository.toString());
			simulator.state().addEnvironment(repository.toString(), world.defaults.environment().value());
		});
		return simulator;
	}

	private String decryptedOn(GitHubSimulator simulator, RepositoryName repository) {
		SimSecret secret = simulator.state().repository(repository.toString()).environment(world.defaults.environment().value())
			.secret(world.defaults.secretName().value());
		return secret == null ? null : new String(secret.plaintext(), StandardCharsets.UTF_8);
	}

	private void assertEveryTokenOn(GitHubSimulator simulator, CliRun run) {
		tokens.forEach((repository, token) -> assertThat(decryptedOn(simulator, repository))
			.as(bindingOf(repository) + " pushed; " + run.describe()).isEqualTo(token));
	}

	@ParameterizedTest(name = "answered {0}")
	@ValueSource(ints = { 403, 429 })
	void aSpentPrimaryLimitShouldBeWaitedOutAndSaidSo(int status, RealTimeGitHub realTime) {
		bindings(3);
		GitHubSimulator simulator = onTheRealClock(realTime);
		simulator.limits(SimulatorOptions.defaults().withPrimaryLimit(20, Duration.ofSeconds(3)));
		simulator.faults().rateLimitStatus(status);
		// Another process as the same writer spends the quota (a fresh connection per request: a cached
		// ETag would make the repeat a free 304).
		for (int i = 0; i < 20; i++) {
			world.writerAt(simulator.url(), GitHubLimits.defaults()).environments()
				.environment(tokens.keySet().iterator().next(), world.defaults.environment());
		}
		long violations = simulator.counters().limitViolations();

		CliRun run = sync(realTime.url());

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(simulator.counters().limitViolations() - violations).as("the limit was met once; " + run.describe())
			.isEqualTo(1);
		assertThat(run.err()).as(run.describe())
			.containsPattern("Waiting \\ds for GitHub's primary rate limit to reset\\.")
			.contains("Done: 3 applied, 0 unchanged, 0 blocked, 0 failed, 0 skipped.");
		assertEveryTokenOn(simulator, run);
	}

	@Test
	void aSecondaryLimitShouldBeWaitedOutAndSaidSo(RealTimeGitHub realTime) {
		bindings(3);
		GitHubSimulator simulator = onTheRealClock(realTime);
		simulator.limits(SimulatorOptions.defaults().withMutationLimit(2, Duration.ofSeconds(2), true));
		long violations = simulator.counters().limitViolations();

		CliRun run = sync(realTime.url());

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(simulator.counters().limitViolations() - violations).as("the limit was met; " + run.describe())
			.isPositive();
		assertThat(run.err()).as(run.describe())
			.containsPattern("Waiting \\ds after GitHub's secondary rate limit\\.")
			.contains("Done: 3 applied, 0 unchanged, 0 blocked, 0 failed, 0 skipped.");
		assertEveryTokenOn(simulator, run);
	}

	@Test
	void aShortBurstOf5xxShouldBeRetriedUnseen() {
		bindings(3);
		long before = github.simulator().counters().count("GET", 502) + github.simulator().counters().count("PUT", 502);
		github.simulator().faults().serverErrors(2, 502);

		CliRun run = syncThroughPrism();

		assertThat(github.simulator().counters().count("GET", 502) + github.simulator().counters().count("PUT", 502) - before)
			.as("the burst happened").isEqualTo(2);
		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.err()).as(run.describe())
			.contains("Done: 3 applied, 0 unchanged, 0 blocked, 0 failed, 0 skipped.")
			.doesNotContain("FAILED", "502");
		assertEveryTokenOn(github.simulator(), run);
	}

	@Test
	void aLongOutageShouldFailTheBindingWithWhatToDoAndExit1() {
		bindings(1);
		long writes = github.simulator().counters().mutatingRequests();
		github.simulator().faults().serverErrors(1000, 503);

		CliRun run = syncThroughPrism();

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		RepositoryName only = tokens.keySet().iterator().next();
		assertThat(said(run)).as(run.describe())
			.contains(only + " FAILED - Cannot read " + bindingOf(only)
					+ ": GitHub returned 503 on 4 tries. GitHub may be having an outage; run again later.")
			.contains("Nothing to do: every binding is up to date, blocked or failed (see the reasons above).")
			.doesNotContain("Internal error");
		assertThat(github.simulator().counters().mutatingRequests()).as("nothing written").isEqualTo(writes);
	}

	@Test
	void connectionsResetMidExchangeShouldBeRetriedUnseen() {
		// Straight to the simulator: Prism would answer a broken upstream connection with a 5xx of its own.
		bindings(3);
		long before = github.simulator().counters().count("GET", 0) + github.simulator().counters().count("PUT", 0);
		github.simulator().faults().connectionResets(2);

		CliRun run = sync(github.simulator().url());

		assertThat(github.simulator().counters().count("GET", 0) + github.simulator().counters().count("PUT", 0) - before)
			.as("two exchanges got no answer").isEqualTo(2);
		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.err()).as(run.describe()).contains("Done: 3 applied, 0 unchanged, 0 blocked, 0 failed, 0 skipped.");
		assertEveryTokenOn(github.simulator(), run);
	}

	@Test
	void aRepositoryGoneShouldBeBlockedWithTheReasonWhileTheOthersAreApplied() {
		bindings(3);
		RepositoryName gone = tokens.keySet().iterator().next();
		github.simulator().state().removeRepository(gone.toString());

		CliRun run = syncThroughPrism();

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).as(run.describe())
			.contains("[1/3] " + bindingOf(gone) + " BLOCKED GitHub returned 404 for the repository: it was deleted or "
					+ "renamed, or the writer lost access")
			.contains("Done: 2 applied, 0 unchanged, 1 blocked, 0 failed, 0 skipped.");
		tokens.remove(gone);
		assertEveryTokenOn(github.simulator(), run);
	}

	@Test
	void anEnvironmentDeletedOutOfBandShouldBeRecreatedAndSaidSo() {
		bindings(2);
		CliRun first = syncThroughPrism();
		assertThat(first.exitCode()).as(first.describe()).isZero();
		RepositoryName victim = tokens.keySet().iterator().next();
		github.simulator().state().repository(victim.toString()).deleteEnvironment(world.defaults.environment().value());

		CliRun run = syncThroughPrism();

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(said(run)).as(run.describe())
			.contains(victim + " CREATE_ENVIRONMENT 1 the environment does not exist on GitHub")
			.contains("[1/2] " + bindingOf(victim) + " DONE pushed version 1")
			.contains("Done: 1 applied, 1 unchanged, 0 blocked, 0 failed, 0 skipped.");
		assertThat(world.environment(victim).branchPolicy()).as("recreated limited to protected branches")
			.containsExactly(true, false);
		assertEveryTokenOn(github.simulator(), run);
	}

	@Test
	void anEnvironmentOpenToEveryBranchShouldBeRefusedWithWhatToDo() {
		bindings(2);
		CliRun first = syncThroughPrism();
		assertThat(first.exitCode()).as(first.describe()).isZero();
		RepositoryName victim = tokens.keySet().iterator().next();
		github.simulator().state().repository(victim.toString()).deleteEnvironment(world.defaults.environment().value());
		github.simulator().state().addEnvironment(victim.toString(), world.defaults.environment().value())
			.unprotect(Instant.now());
		world.putToken(victim);

		CliRun run = syncThroughPrism();

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(said(run)).as(run.describe())
			.contains(victim + " BLOCKED - the environment is not limited to protected branches: any branch could read "
					+ "the token. Restrict it in the repository settings (Environments > Deployment branches)")
			.contains("Nothing to do: every binding is up to date, blocked or failed (see the reasons above).");
		assertThat(world.decrypted(victim)).as("nothing pushed into an open environment").isNull();
	}

	@Test
	void aSecretEditedOutOfBandShouldBeRepushedAndSaidSo() {
		bindings(2);
		CliRun first = syncThroughPrism();
		assertThat(first.exitCode()).as(first.describe()).isZero();
		RepositoryName victim = tokens.keySet().iterator().next();
		Instant pushed = world.environment(victim).secret(world.defaults.secretName().value()).updatedAt();
		world.environment(victim).putOutOfBand(world.defaults.secretName().value(), "tampered", pushed.plusSeconds(2));

		CliRun run = syncThroughPrism();

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(said(run)).as(run.describe())
			.contains(victim + " UPDATE_SECRET 1 the secret was changed on GitHub outside botkeeper")
			.contains("[1/2] " + bindingOf(victim) + " DONE pushed version 1")
			.contains("Done: 1 applied, 1 unchanged, 0 blocked, 0 failed, 0 skipped.");
		assertEveryTokenOn(github.simulator(), run);
	}

}
