package org.botkeeper.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.github.GitHubLimits;
import org.botkeeper.githubsim.SimFaults.PathFault;
import org.botkeeper.sync.Action;
import org.botkeeper.sync.ApplyReport;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.Reason;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.WriteFence;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DateShiftingProxy;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failure that concerns one binding stays that binding's: when GitHub answers one binding's read
 * while planning with a 5xx after retries, a body of the wrong shape, or no answer at all, or Vault
 * cannot read one record, that binding is FAILED with its own message, every other binding is planned
 * and applied, and the command exits 1. Driven through the real command line as the broker, against
 * the simulator directly (an odd body would break GitHub's OpenAPI description, which is the point).
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class ContainedFailuresIntegrationTests {

	private SyncWorld world;

	private GitHubContract github;

	private VaultFixture vault;

	private final Map<RepositoryName, String> tokens = new LinkedHashMap<>();

	private RepositoryName broken;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		this.vault = vault;
		this.github = github;
		world = new SyncWorld(vault, github);
		world.storeWriter();
		for (String name : List.of("r1", "r2", "r3")) {
			RepositoryName repository = world.repositoryWithEnvironment(name);
			tokens.put(repository, world.putToken(repository));
		}
		broken = RepositoryName.parse(world.owner + "/r2");
		world.expireLeaseIfHeld();
	}

	private VaultCli broker() {
		return VaultCli.as(vault, world.brokerToken)
			.with("GITHUB_API_URL", github.simulator().url())
			.with("BOTKEEPER_WRITE_GAP", "0s");
	}

	private String[] args(String... command) {
		List<String> all = new ArrayList<>(List.of(command));
		tokens.keySet().forEach(repository -> all.add(repository.toString()));
		return all.toArray(String[]::new);
	}

	private String bindingOf(RepositoryName repository) {
		return world.binding(repository).toString();
	}

	private void assertOthersPushedAndBrokenNot(CliRun run) {
		tokens.forEach((repository, token) -> {
			if (repository.equals(broken)) {
				assertThat(world.decrypted(repository)).as("nothing pushed for the failed binding; " + run.describe())
					.isNull();
			}
			else {
				assertThat(world.decrypted(repository)).as(repository + " pushed; " + run.describe()).isEqualTo(token);
			}
		});
	}

	static Stream<Arguments> githubFaults() {
		return Stream.of(Arguments.of("a 502 on every try", PathFault.status(502), "GitHub returned 502 on 4 tries"),
				Arguments.of("an empty array", PathFault.body("[]"), "does not have the documented shape"),
				Arguments.of("null", PathFault.body("null"), "does not have the documented shape"),
				Arguments.of("not JSON", PathFault.body("<html>oops</html>"), "does not have the documented shape"),
				Arguments.of("fields of the wrong types",
						PathFault.body("{\"name\":5,\"created_at\":true,\"updated_at\":[1]}"),
						"does not have the documented shape"),
				Arguments.of("no answer (connection closed)", PathFault.noAnswer(), "no answer from GitHub after 4 tries"));
	}

	@ParameterizedTest(name = "GitHub answers one binding's read with {0}")
	@MethodSource("githubFaults")
	void oneBindingsGitHubFailureWhilePlanningShouldFailOnlyThatBindingAndApplyTheOthers(String what, PathFault fault,
			String expected) {
		github.simulator().faults().onPath("/repos/" + broken + "/", fault);

		CliRun run = broker().run(args("sync", "--yes"));

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).as(run.describe())
			.doesNotContain("Internal error")
			// The secret read, or (the secret not being there yet) the environment's: either names the binding.
			.containsPattern("\\[\\d/3\\] " + java.util.regex.Pattern.quote(bindingOf(broken)) + " FAILED Cannot read "
					+ "(environment )?" + java.util.regex.Pattern.quote(broken + ":jupyterhub-bot") + ".*"
					+ java.util.regex.Pattern.quote(expected))
			.contains("Done: 2 applied, 0 unchanged, 0 blocked, 1 failed, 0 skipped.");
		assertOthersPushedAndBrokenNot(run);
	}

	@Test
	void planAndStatusShouldShowTheFailedBindingWithItsMessageAndExit1() {
		CliRun first = broker().run(args("sync", "--yes"));
		assertThat(first.exitCode()).as(first.describe()).isZero();
		long writes = github.simulator().counters().mutatingRequests();
		// The secret exists now, so the plan's one conditional read per binding is the one that meets the body.
		github.simulator().faults().onPath("/repos/" + broken + "/", PathFault.body("[]"));

		CliRun plan = broker().run(args("sync", "--plan", "--wide"));
		CliRun status = broker().run(args("status", "--drift", "--wide"));
		CliRun json = broker().run(args("sync", "--plan", "--format", "json"));

		assertThat(plan.exitCode()).as(plan.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(plan.out()).as(plan.describe())
			.containsPattern(java.util.regex.Pattern.quote(bindingOf(broken)) + " +FAILED +- +Cannot read "
					+ java.util.regex.Pattern.quote(bindingOf(broken)) + ": GitHub's answer does not have the documented shape")
			.containsPattern(java.util.regex.Pattern.quote(bindingOf(RepositoryName.parse(world.owner + "/r1")))
					+ " +NOOP");
		assertThat(plan.err()).contains("1 binding could not be checked this time").doesNotContain("Internal error");
		assertThat(json.out()).containsPattern("\"action\" ?: ?\"FAILED\"")
			.containsPattern("\"reason\" ?: ?\"GITHUB_READ_FAILED\"")
			.containsPattern("\"detail\" ?: ?\"Cannot read " + java.util.regex.Pattern.quote(bindingOf(broken)));

		assertThat(status.exitCode()).as("a binding needs a person: " + status.describe())
			.isEqualTo(ExitCodes.NEEDS_ATTENTION);
		assertThat(status.out()).as(status.describe())
			.containsPattern(java.util.regex.Pattern.quote(bindingOf(broken)) + " +FAILING .*does not have the documented shape");
		assertThat(status.err()).contains("1 failing").doesNotContain("Internal error");
		assertThat(github.simulator().counters().mutatingRequests()).as("plan and status write nothing")
			.isEqualTo(writes);
	}

	@Test
	void aTimeoutOnOneBindingsReadShouldFailOnlyThatBinding() {
		// The CLI's read timeout is 10 s with 3 retries; the engine as the CLI assembles it, with a 1 s timeout,
		// shows the same containment in seconds.
		github.simulator().faults().onPath("/repos/" + broken + "/", PathFault.delay(Duration.ofSeconds(2)));
		SyncEngine engine = world.engine(world.broker,
				world.writerDirectly(GitHubLimits.defaults().withReadTimeout(Duration.ofSeconds(1))));

		SyncEngine.PlannedRun planned = engine.plan(tokens.keySet(), Planner.Options.DEFAULT);
		ApplyReport report = engine.apply(planned, WriteFence.NONE, result -> {
		});

		assertThat(planned.plan().items()).filteredOn(item -> item.binding().repository().equals(broken))
			.singleElement()
			.satisfies(item -> {
				assertThat(item.action()).isEqualTo(Action.FAILED);
				assertThat(item.reason()).isEqualTo(Reason.GITHUB_READ_FAILED);
				assertThat(item.explanation()).contains(bindingOf(broken)).contains("HttpTimeoutException");
			});
		assertThat(report.count(ItemResult.Status.DONE)).as(report.toString()).isEqualTo(2);
		assertThat(report.count(ItemResult.Status.FAILED)).isEqualTo(1);
	}

	@Test
	void aReadVaultFailsForAMomentShouldBeAskedAgainAndTheRunSucceed() {
		// What a standby answers in the second after an election, before it knows the new active node.
		String path = "/v1/botkeeper/data/tokens/" + broken;
		try (DateShiftingProxy proxy = DateShiftingProxy.start(vault.server().address(), Duration.ZERO)
			.failing(path, 500, 2)) {
			VaultCli throughProxy = broker().with("VAULT_ADDR", proxy.address().toString());

			CliRun run = throughProxy.run(args("sync", "--yes"));

			assertThat(run.exitCode()).as(run.describe()).isZero();
			assertThat(run.err()).as(run.describe()).contains("Done: 3 applied, 0 unchanged, 0 blocked, 0 failed, 0 skipped.");
			assertThat(proxy.requests()).filteredOn(request -> request.startsWith("GET " + path)).hasSizeGreaterThanOrEqualTo(3);
		}
	}

	@Test
	void aConfirmationVaultDidNotAnswerShouldBeRecordedOnceVaultAnswersAndTheSecretWrittenOnce() throws Exception {
		// What a raft cluster answers while it elects a new active node: here just the write that records
		// GitHub's confirmation, after GitHub took the secret.
		String ledger = "/v1/botkeeper/data/sync/" + broken;
		long writes = github.simulator().counters().count("PUT", 201) + github.simulator().counters().count("PUT", 204);
		try (DateShiftingProxy proxy = DateShiftingProxy.start(vault.server().address(), Duration.ZERO)) {
			VaultCli throughProxy = broker().with("VAULT_ADDR", proxy.address().toString());
			github.simulator().faults().holdAfterSecretPut(1);
			java.util.concurrent.CompletableFuture<CliRun> sync = java.util.concurrent.CompletableFuture
				.supplyAsync(() -> throughProxy.run("sync", "--yes", broken.toString()));
			assertThat(github.simulator().faults().awaitHeld(Duration.ofSeconds(60))).as("the PUT was reached").isTrue();
			proxy.failing(ledger, 503, 1);
			github.simulator().faults().releaseHeld();

			CliRun run = sync.get(60, java.util.concurrent.TimeUnit.SECONDS);

			assertThat(run.exitCode()).as(run.describe()).isZero();
			assertThat(run.err()).as(run.describe()).contains("DONE pushed version 1");
			assertThat(github.simulator().counters().count("PUT", 201) + github.simulator().counters().count("PUT", 204)
					- writes).as("secret writes").isEqualTo(1);
			assertThat(world.decrypted(broken)).isEqualTo(tokens.get(broken));
			assertThat(proxy.requests()).filteredOn(request -> request.startsWith("PUT " + ledger) || request.startsWith("POST " + ledger))
				.as("the intent, the confirmation Vault did not answer, and the same confirmation again").hasSize(3);
			org.botkeeper.sync.LedgerEntry recorded = world.ledger().get(broken);
			assertThat(recorded.pushedVersion()).isEqualTo(1);
			assertThat(recorded.pendingVersion()).isEmpty();
			CliRun again = broker().run("sync", "--yes", broken.toString());
			assertThat(again.err()).as(again.describe()).contains("Nothing to do: every binding is up to date");
		}
	}

	@Test
	void oneRecordVaultCannotReadShouldFailOnlyThatBindingAndApplyTheOthers() {
		try (DateShiftingProxy proxy = DateShiftingProxy.start(vault.server().address(), Duration.ZERO)
			.failing("/v1/botkeeper/data/tokens/" + broken, 500)) {
			VaultCli throughProxy = broker().with("VAULT_ADDR", proxy.address().toString());

			CliRun plan = throughProxy.run(args("sync", "--plan", "--wide"));
			CliRun run = throughProxy.run(args("sync", "--yes"));

			String expected = "Cannot read 'tokens/" + broken + "' from Vault mount 'botkeeper': Vault returned 500.";
			assertThat(plan.exitCode()).as(plan.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(plan.out()).as(plan.describe())
				.containsPattern(java.util.regex.Pattern.quote(bindingOf(broken)) + " +FAILED +- +"
						+ java.util.regex.Pattern.quote(expected));
			assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(run.err()).as(run.describe())
				.doesNotContain("Internal error")
				.contains(bindingOf(broken) + " FAILED " + expected)
				.contains("Done: 2 applied, 0 unchanged, 0 blocked, 1 failed, 0 skipped.");
			assertOthersPushedAndBrokenNot(run);
		}
	}

}
