package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.githubsim.SimFaults.PathFault;
import org.botkeeper.githubsim.SimRepository;
import org.botkeeper.githubsim.SimSecret;
import org.botkeeper.githubsim.SimSecretStore;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.TokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bindings whose token goes into a repository Actions secret or a Dependabot secret instead of an
 * environment's, through the real CLI: {@code token put --destination}, then {@code sync} writes the
 * right kind of secret (GitHub opens it to the token), keeps it without drift, repairs a change made on
 * GitHub, moves it when the kind changes (the old secret deleted with {@code --prune}), and says who can
 * read a secret outside an environment; {@code guardrails} fails such a binding with the fix.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class DestinationKindsIntegrationTests {

	private SyncWorld world;

	private VaultCli admin;

	private VaultCli broker;

	private RepositoryName repository;

	private String name;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		world = new SyncWorld(vault, github);
		world.storeWriter();
		admin = VaultCli.as(vault, world.adminToken);
		broker = VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl());
		repository = world.repository("dest");
		name = world.defaults.secretName().value();
		world.expireLeaseIfHeld();
	}

	/**
	 * The record goes: its binding ("owner/dest:[repository]/NAME") is wider than any other test's, and
	 * other classes print tables of every record in the shared Vault within 120 columns.
	 */
	@AfterEach
	void removeTheRecord() {
		new TokenStore(world.admin, world.layout, world.defaults, "botkeeper-admin").delete(repository);
	}

	private String put(String... options) {
		String token = LeakCanaries.fineGrainedPat();
		List<String> args = new ArrayList<>(List.of("token", "put", repository.toString()));
		args.addAll(List.of(options));
		CliRun run = admin.withStdin(token + "\n", args.toArray(String[]::new));
		assertThat(run.exitCode()).as(run.describe()).isZero();
		return token;
	}

	private CliRun sync(String... options) {
		List<String> args = new ArrayList<>(List.of("sync", "--wide"));
		args.addAll(List.of(options));
		args.add(repository.toString());
		CliRun run = broker.run(args.toArray(String[]::new));
		LeakCanaries.assertNoLeak(run.describe(), run.out() + run.err());
		return run;
	}

	private SimRepository simulated() {
		return world.github.state().repository(repository.toString());
	}

	private static String opened(SimSecretStore store, String name) {
		SimSecret secret = store.secret(name);
		return secret == null ? null : new String(secret.plaintext(), StandardCharsets.UTF_8);
	}

	@Test
	void aRepositoryDestinationShouldWriteTheRepositorySecretAndSaySoPlainly() {
		String token = put("--destination", "repository");

		CliRun plan = sync("--plan");

		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.out()).contains(repository + ":[repository]/" + name).contains("CREATE_SECRET");
		assertThat(plan.err()).contains(repository + ":[repository]/" + name + " is a repository Actions secret: every "
				+ "workflow of " + repository + ", on any branch, can read it.");

		CliRun apply = sync("--yes");

		assertThat(apply.exitCode()).as(apply.describe()).isZero();
		assertThat(opened(simulated().actionsSecrets(), name)).as("GitHub opens the repository secret to the token")
			.isEqualTo(token);
		assertThat(simulated().environment(world.defaults.environment().value()))
			.as("no environment is created for a repository secret").isNull();

		long mutating = world.github.counters().mutatingRequests();
		CliRun again = sync("--yes");
		assertThat(again.exitCode()).as(again.describe()).isZero();
		assertThat(again.err()).contains("Nothing to do");
		assertThat(world.github.counters().mutatingRequests()).as("no drift, nothing written").isEqualTo(mutating);
	}

	@Test
	void aDependabotSecretChangedOnGitHubShouldBeWrittenBack() {
		String token = put("--destination", "dependabot");
		assertThat(sync("--yes").exitCode()).isZero();
		assertThat(opened(simulated().dependabotSecrets(), name)).isEqualTo(token);
		assertThat(opened(simulated().actionsSecrets(), name)).as("not an Actions secret").isNull();
		Instant pushed = simulated().dependabotSecrets().secret(name).updatedAt();
		simulated().dependabotSecrets().putOutOfBand(name, "tampered", pushed.plusSeconds(2));

		CliRun plan = sync("--plan");
		assertThat(plan.out()).contains(repository + ":[dependabot]/" + name).contains("UPDATE_SECRET")
			.contains("changed on GitHub");
		assertThat(plan.err()).contains("every workflow run Dependabot triggers can read it");
		CliRun repair = sync("--yes");

		assertThat(repair.exitCode()).as(repair.describe()).isZero();
		assertThat(opened(simulated().dependabotSecrets(), name)).isEqualTo(token);
	}

	@Test
	void changingTheKindShouldMoveTheSecretAndPruneTheOldOne() {
		world.github.state().addEnvironment(repository.toString(), world.defaults.environment().value());
		put();
		assertThat(sync("--yes").exitCode()).isZero();
		assertThat(world.decrypted(repository)).isNotNull();

		String token = put("--destination", "repository");
		CliRun plan = sync("--plan");
		assertThat(plan.out()).contains(repository + ":[repository]/" + name)
			.contains(repository + ":" + world.defaults.environment() + "/" + name);
		CliRun kept = sync("--yes");
		assertThat(kept.exitCode()).as(kept.describe()).isZero();
		assertThat(world.decrypted(repository)).as("without --prune the old secret stays").isNotNull();

		CliRun pruned = sync("--yes", "--prune");

		assertThat(pruned.exitCode()).as(pruned.describe()).isZero();
		assertThat(world.decrypted(repository)).as("the environment secret botkeeper owned is deleted").isNull();
		assertThat(opened(simulated().actionsSecrets(), name)).isEqualTo(token);
		assertThat(put()).as("a put without --destination keeps the kind").isNotNull();
		CliRun list = admin.run("token", "list", "--wide");
		assertThat(list.out()).contains(repository + ":[repository]/" + name);
	}

	@Test
	void badDestinationsShouldBeRefusedBeforeTheTokenIsRead() {
		CliRun unknown = admin.withStdin("not-read\n", "token", "put", repository.toString(), "--destination", "org");

		assertThat(unknown.exitCode()).as(unknown.describe()).isEqualTo(2);
		assertThat(unknown.err()).contains("Unknown destination 'org'").contains("environment, repository, dependabot");

		CliRun both = admin.withStdin("not-read\n", "token", "put", repository.toString(), "--destination",
				"repository", "--environment", "deploy");

		assertThat(both.exitCode()).as(both.describe()).isEqualTo(2);
		assertThat(both.err()).contains("A repository Actions secret has no environment").contains("Nothing was stored");
		assertThat(admin.run("token", "list").out()).doesNotContain(repository.toString());
	}

	@Test
	void guardrailsShouldFailARepositorySecretWithTheFix() {
		put("--destination", "repository");

		CliRun run = broker.run("guardrails", "--wide", repository.toString());

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
		assertThat(run.out()).contains("the token is a repository Actions secret: every workflow of " + repository
				+ ", on any branch, can read it").contains("--destination environment --environment NAME");
	}

	@ParameterizedTest(name = "a {0} secret whose reads meet {1}")
	@MethodSource("faults")
	void aGitHubFailureOnOneKindShouldFailThatBindingAloneAndApplyTheOthers(String kind, String what, PathFault fault,
			String expected) {
		put("--destination", kind);
		RepositoryName other = world.repositoryWithEnvironment("other");
		String otherToken = world.putToken(other);
		world.github.faults().onPath("/repos/" + repository + "/", fault);

		// The simulator directly: an odd body would break GitHub's OpenAPI description, which is the point.
		VaultCli direct = broker.with("GITHUB_API_URL", world.github.url()).with("BOTKEEPER_WRITE_GAP", "0s");
		CliRun run = direct.run("sync", "--yes", repository.toString(), other.toString());

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).doesNotContain("Internal error")
			.contains(repository + ":[" + kind + "]/" + name + " FAILED")
			.contains(expected);
		assertThat(world.decrypted(other)).as("the other binding is applied: " + run.describe()).isEqualTo(otherToken);
		world.github.faults().clear();
		CliRun next = direct.run("sync", "--yes", repository.toString(), other.toString());
		assertThat(next.exitCode()).as("the next run converges: " + next.describe()).isZero();
	}

	static Stream<Arguments> faults() {
		return Stream.of("repository", "dependabot").flatMap(kind -> Stream.of(
				Arguments.of(kind, "a 502 on every try", PathFault.status(502), "GitHub returned 502 on 4 tries"),
				Arguments.of(kind, "an answer that is not JSON", PathFault.body("<html>oops</html>"),
						"does not have the documented shape")));
	}

	@Test
	void aKeyChangedDuringTheWriteShouldBeSealedAgainForTheNewKind() {
		String token = put("--destination", "dependabot");
		world.github.faults().rotateKeyBeforeNextSecretPut();

		CliRun run = sync("--yes");

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(opened(simulated().dependabotSecrets(), name)).as("sealed again to the Dependabot key that replaced it")
			.isEqualTo(token);
	}

}
