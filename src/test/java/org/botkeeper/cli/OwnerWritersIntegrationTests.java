package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimCredentials;
import org.botkeeper.githubsim.SimEnvironment;
import org.botkeeper.githubsim.SimSecret;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.githubsim.SimulatorOptions;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several organisations in one deployment, each written by its own GitHub App installation (an
 * installation writes in one organisation only): {@code writer set --owner} stores an owner's own
 * writer, and {@code sync} writes each repository as its owner's writer, the default one elsewhere.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class OwnerWritersIntegrationTests {

	private SyncWorld world;

	private VaultCli admin;

	private VaultCli broker;

	private KeyPair key;

	private long appId;

	private long secondInstallation;

	private String second;

	private RepositoryName first;

	private RepositoryName other;

	private String firstToken;

	private String otherToken;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		// The command line signs the App's JWT with the system clock; the simulator checks it with the shared one.
		github.time().alignWith(Instant.now());
		world = new SyncWorld(vault, github);
		admin = VaultCli.as(vault, world.adminToken);
		broker = VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl());
		second = world.owner + "-lab";
		world.github.state().addOrganisation(world.owner);
		world.github.state().addOrganisation(second);
		// One App, installed in both organisations: one installation id per organisation.
		key = TestAppKeys.generate();
		appId = ThreadLocalRandom.current().nextLong(100_000, 900_000);
		long firstInstallation = ThreadLocalRandom.current().nextLong(1_000_000, 4_000_000);
		secondInstallation = ThreadLocalRandom.current().nextLong(5_000_000, 9_000_000);
		RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
		world.github.credentials().registerApp(Long.toString(appId), publicKey,
				SimCredentials.Installation.allRepositories(firstInstallation, world.owner, GitHubContract.WRITER_APP));
		world.github.credentials().registerApp(Long.toString(appId), publicKey,
				SimCredentials.Installation.allRepositories(secondInstallation, second, GitHubContract.WRITER_APP));
		CliRun set = setWriter("--app-id", Long.toString(appId), "--installation-id", Long.toString(firstInstallation));
		assertThat(set.exitCode()).as(set.describe()).isZero();
		first = world.repositoryWithEnvironment("first");
		other = RepositoryName.parse(second + "/other");
		world.github.state().addRepository(other.toString());
		world.github.state().addEnvironment(other.toString(), world.defaults.environment().value());
		firstToken = world.putToken(first);
		otherToken = world.putToken(other);
		world.expireLeaseIfHeld();
	}

	private CliRun setWriter(String... options) {
		String[] args = new String[options.length + 2];
		args[0] = "writer";
		args[1] = "set";
		System.arraycopy(options, 0, args, 2, options.length);
		return admin.withStdin(LeakCanaries.plant(TestAppKeys.pkcs8Pem(key)), args);
	}

	private CliRun sync() {
		CliRun run = broker.run("sync", "--yes", "--wide", first.toString(), other.toString());
		LeakCanaries.assertNoLeak(run.describe(), run.out() + run.err());
		return run;
	}

	private String pushed(RepositoryName repository) {
		SimEnvironment environment = world.github.state().repository(repository.toString())
			.environment(world.defaults.environment().value());
		SimSecret secret = environment.secret(world.defaults.secretName().value());
		return secret == null ? null : new String(secret.plaintext(), StandardCharsets.UTF_8);
	}

	@Test
	void eachOrganisationShouldBeWrittenByItsOwnInstallation() {
		CliRun without = sync();

		assertThat(without.exitCode()).as("the default installation cannot reach the other organisation: "
				+ without.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(pushed(first)).isEqualTo(firstToken);
		assertThat(pushed(other)).isNull();

		CliRun set = setWriter("--owner", second.toUpperCase(java.util.Locale.ROOT), "--app-id", Long.toString(appId),
				"--installation-id", Long.toString(secondInstallation));
		assertThat(set.exitCode()).as(set.describe()).isZero();
		assertThat(set.out()).contains("Stored the writer credential of " + second + " (GitHub App " + appId
				+ ", installation " + secondInstallation + ")");
		CliRun with = sync();

		assertThat(with.exitCode()).as(with.describe()).isZero();
		assertThat(pushed(other)).as("written as the other organisation's installation").isEqualTo(otherToken);
		assertThat(pushed(first)).isEqualTo(firstToken);
		CliRun show = admin.run("writer", "show", "--format", "json");
		assertThat(show.out()).contains("\"owners_with_own_writer\"").contains(second);
		CliRun own = admin.run("writer", "show", "--owner", second);
		assertThat(own.out()).contains(Long.toString(secondInstallation));
		LeakCanaries.assertNoLeak(show.describe(), show.out() + show.err() + own.out() + own.err());
	}

	@Test
	void guardrailsShouldLookAtEachOrganisationAsItsOwnWriter() {
		CliRun before = broker.run("guardrails", "--format", "json", other.toString());
		assertThat(before.out()).as("the default installation cannot reach the other organisation: " + before.describe())
			.contains("\"check\" : \"github\"");

		CliRun set = setWriter("--owner", second, "--app-id", Long.toString(appId), "--installation-id",
				Long.toString(secondInstallation));
		assertThat(set.exitCode()).as(set.describe()).isZero();
		CliRun after = broker.run("guardrails", "--format", "json", other.toString());

		assertThat(after.out()).as(after.describe()).doesNotContain("\"check\" : \"github\"")
			.contains("\"binding\" : \"" + other);
		LeakCanaries.assertNoLeak(after.describe(), before.out() + before.err() + after.out() + after.err());
	}

	@Test
	void anOwnersRejectedWriterShouldFailThatOwnersBindingsAlone() {
		// A personal access token GitHub does not know: a 401 for the other organisation's writer only.
		CliRun set = admin.withStdin(LeakCanaries.classicPat() + "\n", "writer", "set", "--owner", second, "--pat");
		assertThat(set.exitCode()).as(set.describe()).isZero();

		CliRun run = sync();

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).contains("The writer credential of " + second)
			.contains("botkeeper writer set --owner " + second + " --pat")
			.doesNotContain("Internal error");
		assertThat(pushed(first)).as("the default writer's bindings go on").isEqualTo(firstToken);
		assertThat(pushed(other)).isNull();
	}

	@Test
	void anOwnersUnusableWriterRecordShouldFailThatOwnersBindingsAlone() {
		CliRun set = admin.withStdin("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n", "writer",
				"set", "--owner", second, "--app-id", Long.toString(appId), "--installation-id",
				Long.toString(secondInstallation));
		assertThat(set.exitCode()).as(set.describe()).isZero();

		CliRun run = sync();

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).contains(other + ":").contains("The writer credential of " + second + " in Vault mount")
			.contains("botkeeper writer set --owner " + second + " --app-id").doesNotContain("Internal error");
		assertThat(pushed(first)).as("the default writer's bindings go on").isEqualTo(firstToken);
		assertThat(pushed(other)).isNull();
	}

	@Test
	void anOwnerOnAnotherGitHubHostShouldBeWrittenAndCheckedThereAlone() {
		// A second simulated GitHub standing for an Enterprise Server (its API below /api/v3): the other
		// organisation lives there, and nowhere else may see its token.
		try (GitHubSimulator enterprise = GitHubSimulator.start(SimulatorOptions.defaults(), "/api/v3")) {
			String writer = LeakCanaries.classicPat();
			enterprise.credentials().classicToken(writer, SimState.WRITER, null, "repo");
			enterprise.credentials().fineGrainedToken(otherToken, SimState.BOT, null, java.util.Map.of("secrets", "read"),
					other.toString());
			enterprise.state().addOrganisation(second);
			enterprise.state().addRepository(other.toString());
			enterprise.state().addEnvironment(other.toString(), world.defaults.environment().value());
			CliRun set = admin.withStdin(writer + "\n", "writer", "set", "--owner", second, "--api-url", enterprise.url(),
					"--pat");
			assertThat(set.exitCode()).as(set.describe()).isZero();
			assertThat(set.out()).contains("Stored the writer credential of " + second + " (personal access token, on "
					+ enterprise.url() + ")");

			CliRun run = sync();
			CliRun check = broker.run("token", "check", other.toString());
			CliRun show = admin.run("writer", "show", "--owner", second, "--format", "json");

			assertThat(run.exitCode()).as(run.describe()).isZero();
			SimSecret there = enterprise.state().repository(other.toString()).environment(world.defaults.environment().value())
				.secret(world.defaults.secretName().value());
			assertThat(there).as("written on the other host").isNotNull();
			assertThat(new String(there.plaintext(), StandardCharsets.UTF_8)).isEqualTo(otherToken);
			assertThat(pushed(other)).as("never written on the deployment's host").isNull();
			assertThat(pushed(first)).isEqualTo(firstToken);
			// The deployment's host never issued that token (it would answer 401, "revoked"): asked on its own.
			assertThat(check.exitCode()).as(check.describe()).isZero();
			assertThat(check.out()).as(check.describe()).contains(other.toString()).doesNotContain("revoked");
			assertThat(show.out()).contains("\"api_url\" : \"" + enterprise.url() + "\"");
			LeakCanaries.assertNoLeak(check.describe(), check.out() + check.err() + show.out() + show.err());
		}
	}

	@Test
	void anAppBindingOfAnOwnerOnAnotherHostShouldBeMintedOnThatHost() {
		try (GitHubSimulator enterprise = GitHubSimulator.start(SimulatorOptions.defaults(), "/api/v3")) {
			String writer = LeakCanaries.classicPat();
			enterprise.credentials().classicToken(writer, SimState.WRITER, null, "repo");
			enterprise.state().addOrganisation(second);
			enterprise.state().addRepository(other.toString());
			enterprise.state().addEnvironment(other.toString(), world.defaults.environment().value());
			long enterpriseInstallation = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
			enterprise.credentials().registerApp(Long.toString(appId), (RSAPublicKey) key.getPublic(),
					SimCredentials.Installation.allRepositories(enterpriseInstallation, second, java.util.Map.of("contents",
							"write")));
			check(admin.withStdin(writer + "\n", "writer", "set", "--owner", second, "--api-url", enterprise.url(), "--pat"));
			// The ceiling the App-mode tests set too (one shared Vault): no binding may ask for more.
			new org.botkeeper.vault.AppCeilingStore(world.admin, world.layout, "botkeeper-admin")
				.set(new org.botkeeper.vault.AppCeiling(java.util.Map.of("contents", "write", "pull_requests", "write")));
			check(admin.withStdin(LeakCanaries.plant(TestAppKeys.pkcs8Pem(key)), "token", "put", other.toString(),
					"--app-id", Long.toString(appId), "--installation-id", Long.toString(enterpriseInstallation),
					"--app-permissions", "contents=read"));

			CliRun run = sync();

			assertThat(run.exitCode()).as(run.describe()).isZero();
			SimSecret there = enterprise.state().repository(other.toString()).environment(world.defaults.environment().value())
				.secret(world.defaults.secretName().value());
			assertThat(there).as("minted and written on the other host").isNotNull();
			assertThat(new String(there.plaintext(), StandardCharsets.UTF_8)).startsWith("ghs_");
			assertThat(pushed(other)).as("never written on the deployment's host").isNull();
		}
	}

	private static void check(CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

	@Test
	void aHostThatWouldCarryTokensInClearTextShouldBeRefusedBeforeTheTokenIsRead() {
		CliRun clear = admin.withStdin("not read\n", "writer", "set", "--owner", second, "--api-url",
				"http://ghe.example.org/api/v3", "--pat");
		CliRun withoutOwner = admin.withStdin("not read\n", "writer", "set", "--api-url", "https://ghe.example.org/api/v3",
				"--pat");

		assertThat(clear.exitCode()).as(clear.describe()).isEqualTo(2);
		assertThat(clear.err()).contains("--api-url is http://ghe.example.org/api/v3: plain http to a host other than "
				+ "this machine").contains("Nothing was stored.");
		assertThat(withoutOwner.exitCode()).as(withoutOwner.describe()).isEqualTo(2);
		assertThat(withoutOwner.err()).contains("--api-url needs --owner");
		CliRun show = admin.run("writer", "show", "--owner", second);
		assertThat(show.exitCode()).as("nothing stored: " + show.describe()).isNotZero();
	}

	@Test
	void aBadOwnerShouldBeRefusedBeforeTheKeyIsRead() {
		CliRun run = admin.withStdin("not read\n", "writer", "set", "--owner", "not an owner", "--pat");
		CliRun show = admin.run("writer", "show", "--owner", "nobody-" + world.owner);

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
		assertThat(run.err()).contains("Invalid repository owner 'not an owner'");
		assertThat(show.exitCode()).as(show.describe()).isNotZero();
		assertThat(show.err()).contains("No writer credential of nobody-" + world.owner.toLowerCase());
	}

}
