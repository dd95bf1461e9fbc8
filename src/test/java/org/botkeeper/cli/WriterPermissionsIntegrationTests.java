package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.botkeeper.githubsim.SimCredentials;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Writers with fewer rights than an organisation owner's, through the real command line as a person
 * meets them, against the real Vault and the simulator (which holds GitHub's per-endpoint rules):
 * a repository admin who is not an organisation owner, and a GitHub App without Administration.
 * What works must work, and what does not must say which role or permission is missing, without
 * taking the other checks down with it.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class WriterPermissionsIntegrationTests {

	private SyncWorld world;

	private VaultFixture vault;

	private GitHubContract github;

	private final Map<RepositoryName, String> tokens = new HashMap<>();

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		this.world = new SyncWorld(vault, github);
		this.vault = vault;
		this.github = github;
		// An organisation the writer is not an owner of.
		world.github.state().addOrganisation(world.owner);
		// These tests sync through the CLI, which waits for a lease another test class's replica may hold.
		world.expireLeaseIfHeld();
	}

	/** A bound repository whose default branch needs reviews; with or without the bot's environment. */
	private RepositoryName bound(String name, boolean withEnvironment) {
		RepositoryName repository = withEnvironment ? world.repositoryWithEnvironment(name) : world.repository(name);
		world.github.state().repository(repository.toString()).requirePullRequestReviews(true, false);
		String token = LeakCanaries.fineGrainedPat();
		world.github.credentials().fineGrainedToken(token, SimState.BOT, null, Map.of("contents", "write"));
		tokens.put(repository, world.putToken(repository, token));
		return repository;
	}

	private CliRun asBroker(String... args) {
		return VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl()).run(args);
	}

	@Test
	void aRepositoryAdminWhoIsNotAnOrganisationOwnerShouldSyncAndHaveOnlyTheOrganisationCheckLeftOpen() {
		// admin:org is there; what is missing is the role: GitHub wants an organisation owner.
		world.storeWriter(github.newWriterToken("repo", "workflow", "admin:org"));
		RepositoryName repository = bound("admin-only", true);
		String secretName = world.defaults.secretName().value();
		world.github.state().putOrganisationSecret(world.owner, secretName);

		CliRun sync = asBroker("sync", "--yes", repository.toString());
		CliRun guardrails = asBroker("guardrails", "--wide", repository.toString());
		CliRun json = asBroker("guardrails", "--format", "json", repository.toString());

		assertThat(sync.exitCode()).as(sync.describe()).isZero();
		assertThat(world.decrypted(repository)).isEqualTo(tokens.get(repository));
		assertThat(guardrails.exitCode()).as("a check that could not be made is not a pass: " + guardrails.describe())
			.isEqualTo(1);
		assertThat(guardrails.out()).as(guardrails.describe())
			.containsPattern("default-branch +ok +'main' requires pull request reviews")
			.containsPattern("environment +ok")
			.containsPattern("secret-scope +UNCHECKED +there is no repository secret " + secretName
					+ ", but whether the organisation has one could not be checked: Cannot list the organisation secrets of "
					+ world.owner + ": GitHub returned 403 \\(You must be an org admin or have the actions secrets "
					+ "fine-grained permission\\.\\)\\. Listing organisation secrets needs an owner of " + world.owner)
			.contains("an owner's PAT with admin:org")
			.doesNotContain("FAIL")
			.doesNotContain(" github ");
		assertThat(guardrails.err()).contains("3 checks: 2 passed, 0 failed, 1 could not be made")
			.doesNotContain("Internal error")
			.doesNotContain("Exception");
		assertThat(json.out()).contains("\"check\" : \"secret-scope\"").contains("\"result\" : \"unchecked\"");

		// The same writer, once an owner: the organisation secret it could not see is found.
		world.github.state().addOrganisation(world.owner, SimState.WRITER);
		CliRun asOwner = asBroker("guardrails", "--wide", repository.toString());
		assertThat(asOwner.out()).as(asOwner.describe())
			.containsPattern("secret-scope +FAIL +an organisation secret " + secretName + " exists in " + world.owner);
	}

	@Test
	void anAppWriterWithoutAdministrationShouldSyncExistingEnvironmentsAndNameWhatItLacksForTheRest() {
		// The command line signs the App's JWT with the system clock; the simulator checks it with the shared one.
		github.time().alignWith(Instant.now());
		long appId = ThreadLocalRandom.current().nextLong(100_000, 900_000);
		long installationId = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
		Map<String, String> withoutAdministration = new HashMap<>(GitHubContract.WRITER_APP);
		withoutAdministration.remove("administration");
		KeyPair pair = TestAppKeys.generate();
		world.github.credentials().registerApp(Long.toString(appId), (RSAPublicKey) pair.getPublic(),
				SimCredentials.Installation.allRepositories(installationId, world.owner, withoutAdministration));
		CliRun set = VaultCli.as(vault, world.adminToken).withStdin(LeakCanaries.plant(TestAppKeys.pkcs8Pem(pair)),
				"writer", "set", "--app-id", Long.toString(appId), "--installation-id", Long.toString(installationId));
		assertThat(set.exitCode()).as(set.describe()).isZero();
		RepositoryName ready = bound("ready", true);
		RepositoryName bare = bound("bare", false);

		CliRun sync = asBroker("sync", "--yes", ready.toString(), bare.toString());
		CliRun guardrails = asBroker("guardrails", "--wide", ready.toString());

		assertThat(sync.exitCode()).as(sync.describe()).isEqualTo(1);
		assertThat(world.decrypted(ready)).as("an existing environment's secret needs no Administration")
			.isEqualTo(tokens.get(ready));
		assertThat(world.environment(bare)).as("creating one does").isNull();
		assertThat(sync.out() + sync.err()).as(sync.describe())
			.contains("Cannot create environment " + bare + ":" + world.defaults.environment()
					+ ": GitHub returned 403 (Resource not accessible by integration). Creating an environment needs an "
					+ "admin of the repository (a PAT) or Administration write (a GitHub App or a fine-grained token)")
			.contains("GitHub accepts permissions administration=write.")
			.doesNotContain("Internal error");
		assertThat(guardrails.exitCode()).as(guardrails.describe()).isEqualTo(1);
		assertThat(guardrails.out()).as(guardrails.describe())
			.containsPattern("default-branch +UNCHECKED +cannot tell whether the bot can push to 'main' \\(no ruleset "
					+ "stops it, and its branch protection could not be read\\): Cannot read the protection of " + ready
					+ "@main: GitHub returned 403 \\(Resource not accessible by integration\\)")
			.contains("GitHub accepts permissions administration=read.")
			.contains("'Administration: Read-only'")
			.containsPattern("environment +ok")
			.containsPattern("secret-scope +ok")
			.doesNotContain("FAIL");
	}

}
