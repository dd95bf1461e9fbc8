package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.PolicyDocuments;
import org.botkeeper.vault.VaultLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code botkeeper status} and {@code sync --plan --detailed-exitcode} through the real command line, on
 * the real Vault with tokens bound to the shipped policies and GitHub simulated behind Prism: admins,
 * auditors and maintainers see each binding's state from Vault alone (no writer credential, no GitHub
 * call); a BLOCKED or FAILING binding is never reported as success, in the output or the exit code; a
 * revoked token shows no days left.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class StatusCommandIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SyncWorld world;

	private VaultFixture vault;

	private VaultCli admin;

	private VaultCli broker;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		this.vault = vault;
		this.world = new SyncWorld(vault, github);
		vault.writePolicy("botkeeper-auditor");
		world.storeWriter();
		admin = VaultCli.as(vault, world.adminToken);
		broker = VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl());
	}

	private static void check(CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

	private VaultCli maintainerOf(RepositoryName repository) {
		String policy = "botkeeper-maintainer-" + repository.owner().toLowerCase() + "-" + repository.repo().toLowerCase();
		vault.root().write("sys/policies/acl/" + policy,
				Map.of("policy", new PolicyDocuments(VaultLayout.defaults()).maintainer(List.of(repository))));
		return VaultCli.as(vault, vault.tokenWithPolicies(policy));
	}

	private static JsonNode binding(CliRun run, RepositoryName repository) {
		for (JsonNode row : JSON.readTree(run.out()).path("bindings")) {
			if (row.path("repository").asString().equals(repository.toString())) {
				return row;
			}
		}
		throw new AssertionError("no row for " + repository + " in:\n" + run.out() + "\n" + run.describe());
	}

	/** synced: pushed and confirmed; blocked: its environment lets any branch deploy; pending: a newer version. */
	private record Three(RepositoryName synced, RepositoryName blocked, RepositoryName pending) {

		String[] args(String... before) {
			List<String> all = new java.util.ArrayList<>(List.of(before));
			all.addAll(List.of(synced.toString(), blocked.toString(), pending.toString()));
			return all.toArray(String[]::new);
		}

	}

	private Three threeBindings() {
		Three three = new Three(world.repositoryWithEnvironment("synced"), world.repositoryWithEnvironment("blocked"),
				world.repositoryWithEnvironment("pending"));
		world.environment(three.blocked()).unprotect(java.time.Instant.now());
		for (RepositoryName repository : List.of(three.synced(), three.blocked(), three.pending())) {
			world.putToken(repository);
		}
		CliRun sync = broker.run(three.args("sync", "--yes"));
		assertThat(sync.exitCode()).as("the blocked binding fails the sync: " + sync.describe()).isEqualTo(1);
		world.putToken(three.pending());
		return three;
	}

	@Test
	void adminsAuditorsAndMaintainersShouldSeeEachStateFromVaultAloneWithoutTheWriter() {
		Three three = threeBindings();
		String auditorToken = vault.tokenWithPolicies("botkeeper-auditor");
		long githubRequests = world.github.counters().requests();

		for (VaultCli reader : List.of(admin, VaultCli.as(vault, auditorToken))) {
			CliRun status = reader.run(three.args("status", "--format", "json"));

			assertThat(status.exitCode()).as("a blocked binding is never success: " + status.describe())
				.isEqualTo(ExitCodes.NEEDS_ATTENTION);
			assertThat(binding(status, three.synced()).path("state").asString()).isEqualTo("SYNCED");
			assertThat(binding(status, three.blocked()).path("state").asString()).isEqualTo("BLOCKED");
			assertThat(binding(status, three.blocked()).path("reason").asString()).isEqualTo("ENVIRONMENT_UNPROTECTED");
			assertThat(binding(status, three.pending()).path("state").asString()).isEqualTo("PENDING");
			assertThat(binding(status, three.pending()).path("vault_version").asLong()).isEqualTo(2);
			assertThat(binding(status, three.synced()).path("drift").isNull()).as("drift is unknown, not 'no'").isTrue();
			JsonNode summary = JSON.readTree(status.out()).path("summary");
			assertThat(summary.path("synced").asLong()).isEqualTo(1);
			assertThat(summary.path("blocked").asLong()).isEqualTo(1);
			assertThat(summary.path("pending").asLong()).isEqualTo(1);
		}
		CliRun table = admin.run(three.args("status", "--wide"));
		assertThat(table.out()).containsPattern(three.blocked() + ":\\S+\\s+BLOCKED").contains("not checked");
		assertThat(table.err()).contains("3 bindings: 1 synced, 1 pending, 1 blocked, 0 failing")
			.contains("Drift on GitHub was not checked: that needs the writer credential");

		CliRun maintainer = maintainerOf(three.synced()).run("status", "--wide", three.synced().toString());
		assertThat(maintainer.exitCode()).as(maintainer.describe()).isZero();
		assertThat(maintainer.out()).containsPattern(three.synced() + ":\\S+\\s+SYNCED");
		assertThat(world.github.counters().requests()).as("status from Vault alone asks GitHub nothing")
			.isEqualTo(githubRequests);
	}

	@Test
	void statusDriftShouldSayItNeedsTheWriterAndAskGitHubAsTheBroker() {
		Three three = threeBindings();

		CliRun asAdmin = admin.with("GITHUB_API_URL", world.apiUrl()).run(three.args("status", "--drift"));
		assertThat(asAdmin.exitCode()).as(asAdmin.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(asAdmin.err()).contains("writer");

		CliRun asBroker = broker.run(three.args("status", "--drift", "--format", "json"));
		assertThat(asBroker.exitCode()).as(asBroker.describe()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
		assertThat(JSON.readTree(asBroker.out()).path("drift_checked").asBoolean()).isTrue();
		assertThat(binding(asBroker, three.synced()).path("drift").asBoolean(true)).isFalse();
		assertThat(binding(asBroker, three.blocked()).path("state").asString()).isEqualTo("BLOCKED");
	}

	@Test
	void aRevokedTokenShouldShowNoDaysLeftAndBlockTheStatus() {
		RepositoryName repository = world.repositoryWithEnvironment("revoked");
		// A token the simulated GitHub never issued answers 401: token check records it as revoked.
		check(admin.withStdin(org.botkeeper.testsupport.LeakCanaries.fineGrainedPat() + "\n", "token", "put",
				repository.toString(), "--expires", LocalDate.now().plusDays(60).toString()));
		CliRun tokenCheck = broker.run("token", "check", repository.toString());
		assertThat(tokenCheck.out()).as(tokenCheck.describe()).contains("revoked");

		CliRun status = admin.run("status", "--format", "json", repository.toString());
		CliRun table = admin.run("status", "--wide", repository.toString());

		assertThat(status.exitCode()).as(status.describe()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
		JsonNode row = binding(status, repository);
		assertThat(row.path("state").asString()).isEqualTo("BLOCKED");
		assertThat(row.path("reason").asString()).isEqualTo("TOKEN_REVOKED");
		assertThat(row.path("token_revoked").asBoolean()).isTrue();
		assertThat(row.path("days_to_expiry").asLong()).as("60 days on paper, none in fact").isZero();
		assertThat(table.out()).containsPattern(repository + ":\\S+\\s+BLOCKED.*revoked");
	}

	@Test
	void planDetailedExitCodeShouldSayNothingChangesOrBlockedApart() {
		Three three = threeBindings();

		CliRun synced = broker.run("sync", "--plan", "--detailed-exitcode", three.synced().toString());
		CliRun changes = broker.run("sync", "--plan", "--detailed-exitcode", three.synced().toString(),
				three.pending().toString());
		CliRun blocked = broker.run(three.args("sync", "--plan", "--detailed-exitcode"));
		CliRun plain = broker.run(three.args("sync", "--plan"));

		assertThat(synced.exitCode()).as(synced.describe()).isEqualTo(ExitCodes.OK);
		assertThat(changes.exitCode()).as(changes.describe()).isEqualTo(ExitCodes.CHANGES_PENDING);
		assertThat(blocked.exitCode()).as("blocked outranks changes: " + blocked.describe())
			.isEqualTo(ExitCodes.NEEDS_ATTENTION);
		assertThat(plain.exitCode()).as("without --detailed-exitcode a plan is done: " + plain.describe())
			.isEqualTo(ExitCodes.OK);
	}

}
