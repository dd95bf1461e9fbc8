package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimBehaviour;
import org.botkeeper.githubsim.SimEnvironment;
import org.botkeeper.githubsim.SimSecret;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import org.botkeeper.sync.TokenKind;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Environments and their secrets, end to end through Prism against the simulator. */
@ExtendWith(GitHubContractExtension.class)
class EnvironmentSecretsClientIntegrationTests {

	private static final AtomicInteger REPOS = new AtomicInteger();

	@Test
	void createEnvironmentShouldRestrictItToProtectedBranches(GitHubContract github) {
		RepositoryName repository = newRepository(github);
		EnvironmentSecretsClient client = github.connect(github.newWriterPat()).environments();

		GitHubEnvironment created = client.createEnvironment(repository, new EnvironmentName("jupyterhub bot/ci"));

		assertThat(created.branchPolicy()).contains(DeploymentBranchPolicy.PROTECTED_BRANCHES);
		assertThat(created.protectionRuleTypes()).contains("branch_policy");
		SimEnvironment simulated = github.simulator().state().repository(repository.toString())
			.environment("jupyterhub bot/ci");
		assertThat(simulated.branchPolicy()).containsExactly(true, false);
		assertThat(client.environment(repository, new EnvironmentName("jupyterhub bot/ci"))).contains(created);
	}

	@Test
	void putSecretShouldStoreExactlyTheTokenThenUpdateListAndDelete(GitHubContract github) {
		Binding binding = newBinding(github, true);
		String token = LeakCanaries.fineGrainedPat();
		EnvironmentSecretsClient client = github.connect(github.newWriterPat()).environments();

		SecretWrite first = client.putSecret(binding, SecretValue.of(token));
		assertThat(first.created()).isTrue();
		assertThat(plaintext(github, binding)).isEqualTo(token);

		String rotated = LeakCanaries.fineGrainedPat();
		github.time().advance(java.time.Duration.ofSeconds(5));
		SecretWrite second = client.putSecret(binding, SecretValue.of(rotated));
		assertThat(second.created()).isFalse();
		assertThat(plaintext(github, binding)).isEqualTo(rotated);
		assertThat(github.simulator().counters().count("PUT", 201)).isPositive();
		assertThat(github.simulator().counters().count("PUT", 204)).isPositive();

		assertThat(client.secrets(binding.repository(), binding.environment())).singleElement()
			.satisfies(secret -> assertThat(secret.name()).isEqualTo(binding.secretName()));
		SecretMetadata metadata = client.secret(binding).orElseThrow();
		assertThat(metadata.updatedAt()).isAfter(metadata.createdAt());

		client.deleteSecret(binding);
		assertThat(client.secret(binding)).isEmpty();
		assertThat(github.simulator().state().repository(binding.repository().toString())
			.environment(binding.environment().value())
			.secrets()).isEmpty();
	}

	@Test
	void repeatedReadsShouldBeConditionalAndCostNoPrimaryPoints(GitHubContract github) {
		Binding binding = newBinding(github, true);
		GitHubConnection connection = github.connect(github.newWriterPat());
		EnvironmentSecretsClient client = connection.environments();
		client.environment(binding.repository(), binding.environment());
		client.publicKey(binding.repository(), binding.environment());
		long points = github.simulator().counters().primaryPointsUsed();
		long answered304 = github.simulator().counters().notModified();

		Optional<GitHubEnvironment> again = client.environment(binding.repository(), binding.environment());
		client.publicKey(binding.repository(), binding.environment());

		assertThat(again).isPresent();
		assertThat(github.simulator().counters().notModified() - answered304).isEqualTo(2);
		assertThat(github.simulator().counters().primaryPointsUsed()).isEqualTo(points);
		assertThat(connection.transport().notModifiedAnswers()).isEqualTo(2);
	}

	@ParameterizedTest(name = "a stale key id {0}")
	@EnumSource(SimBehaviour.StaleKeyAnswer.class)
	void putSecretShouldSealAgainWithTheNewKeyWhenTheKeyChangedDuringTheWrite(SimBehaviour.StaleKeyAnswer answer,
			GitHubContract github) {
		Binding binding = newBinding(github, true);
		String token = LeakCanaries.classicPat();
		EnvironmentSecretsClient client = github.connect(github.newWriterPat()).environments();
		long rejected = github.simulator().counters().count("PUT", 422);
		github.simulator().behaviour().staleKeyAnswer(answer);
		github.simulator().faults().rotateKeyBeforeNextSecretPut();
		// GitHub's description lists only 201/204 here; how GitHub answers a stale key_id is not documented.
		github.tolerate("Unable to match the returned status code with those defined in the document: 201,204");

		SecretWrite write = client.putSecret(binding, SecretValue.of(token));

		assertThat(write.keyRefetched()).isTrue();
		assertThat(github.simulator().counters().count("PUT", 422) - rejected)
			.isEqualTo(answer == SimBehaviour.StaleKeyAnswer.REFUSE_422 ? 1 : 0);
		assertThat(environment(github, binding).writes("JUPYTERHUB_BOT_PAT")).as("what GitHub stored, write by write")
			.isEqualTo(answer == SimBehaviour.StaleKeyAnswer.REFUSE_422 ? List.of(token) : List.of("garbage", token));
		assertThat(plaintext(github, binding)).isEqualTo(token);
		assertThat(write.keyId()).isEqualTo(environment(github, binding).keyId());
	}

	@Test
	void aKeyThatChangedTwiceInARowShouldLeaveTheWriteUnconfirmed(GitHubContract github) {
		Binding binding = newBinding(github, true);
		EnvironmentSecretsClient client = github.connect(github.newWriterPat()).environments();
		github.simulator().behaviour().staleKeyAnswer(SimBehaviour.StaleKeyAnswer.STORE_GARBAGE);
		github.simulator().faults().rotateKeyBeforeNextSecretPuts(2);

		assertThatExceptionOfType(ItemFailedException.class)
			.isThrownBy(() -> client.putSecret(binding, SecretValue.of(LeakCanaries.classicPat())))
			.withMessage("Wrote " + binding + ", but the environment's public key changed again right after the write: "
					+ "the value may not open. Not confirmed; the next sync writes it again.");
		assertThat(plaintext(github, binding)).as("what the unconfirmed write left").isEqualTo("garbage");
	}

	@Test
	void putSecretShouldCheckTheKeyAfterTheWriteWithAFreeConditionalRead(GitHubContract github) {
		Binding binding = newBinding(github, true);
		EnvironmentSecretsClient client = github.connect(github.newWriterPat()).environments();
		long answered304 = github.simulator().counters().notModified();

		SecretWrite write = client.putSecret(binding, SecretValue.of(LeakCanaries.classicPat()));

		assertThat(write.keyRefetched()).isFalse();
		assertThat(github.simulator().counters().notModified() - answered304)
			.as("the key read after the write is answered 304").isEqualTo(1);
	}

	@Test
	void aFreshConnectionShouldAskAboutWhatAnEarlierOneSawAndGetItBackForFree(GitHubContract github) {
		Binding binding = newBinding(github, true);
		PersonalAccessToken writer = github.newWriterPat();
		EnvironmentSecretsClient earlier = github.connect(writer).environments();
		earlier.putSecret(binding, SecretValue.of(LeakCanaries.classicPat()));
		Seen<SecretMetadata> secret = earlier.secretSeen(binding).orElseThrow();
		Optional<Seen<Instant>> updatedAt = Optional.of(new Seen<>(secret.value().updatedAt(), secret.etag()));
		assertThat(secret.etag()).isPresent();
		long points = github.simulator().counters().primaryPointsUsed();
		long answered304 = github.simulator().counters().notModified();

		EnvironmentSecretsClient fresh = github.connect(writer).environments();

		assertThat(fresh.secretUpdatedAt(binding, updatedAt)).isEqualTo(updatedAt);
		assertThat(github.simulator().counters().notModified() - answered304).isEqualTo(1);
		assertThat(github.simulator().counters().primaryPointsUsed()).as("nothing cached, still free").isEqualTo(points);

		github.time().advance(java.time.Duration.ofSeconds(5));
		environment(github, binding).putOutOfBand(binding.secretName().value(), "changed", github.time().instant());
		EnvironmentSecretsClient later = github.connect(writer).environments();
		assertThat(later.secretUpdatedAt(binding, updatedAt).orElseThrow().value()).isAfter(secret.value().updatedAt());
	}

	@Test
	void putSecretShouldReportA404PerRepositoryAndGoOnWithOthers(GitHubContract github) {
		Binding gone = new Binding(new RepositoryName("jupyterhub", "gone-" + REPOS.incrementAndGet()),
				new EnvironmentName("jupyterhub-bot"), new SecretName("JUPYTERHUB_BOT_PAT"));
		Binding fine = newBinding(github, true);
		String token = LeakCanaries.classicPat();
		EnvironmentSecretsClient client = github.connect(github.newWriterPat()).environments();

		assertThatExceptionOfType(GitHubNotFoundException.class)
			.isThrownBy(() -> client.putSecret(gone, SecretValue.of(token)))
			.withMessage("Cannot update " + gone + ": GitHub returned 404. The bot may have lost access to the "
					+ "repository, or the environment was deleted.");
		client.putSecret(fine, SecretValue.of(token));
		assertThat(plaintext(github, fine)).isEqualTo(token);
	}

	@Test
	void environmentShouldBeEmptyWhenItWasDeletedOutOfBand(GitHubContract github) {
		Binding binding = newBinding(github, true);
		EnvironmentSecretsClient client = github.connect(github.newWriterPat()).environments();
		assertThat(client.environment(binding.repository(), binding.environment())).isPresent();

		github.simulator().state().repository(binding.repository().toString())
			.deleteEnvironment(binding.environment().value());

		assertThat(client.environment(binding.repository(), binding.environment())).isEmpty();
	}

	@Test
	void environmentShouldShowWhenItWasUnprotectedOutOfBand(GitHubContract github) {
		Binding binding = newBinding(github, true);
		EnvironmentSecretsClient client = github.connect(github.newWriterPat()).environments();
		assertThat(client.environment(binding.repository(), binding.environment()).orElseThrow().restricted()).isTrue();

		environment(github, binding).unprotect(github.time().instant());

		assertThat(client.environment(binding.repository(), binding.environment()).orElseThrow().restricted()).isFalse();
	}

	@Test
	void bothDeploymentBranchBooleansShouldBeRefusedOnBothSides(GitHubContract github) {
		// The OpenAPI schema allows any two booleans; only its prose says exactly one is true.
		RepositoryName repository = newRepository(github);
		GitHubConnection connection = github.connect(github.newWriterPat());
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new DeploymentBranchPolicy(true, true));

		assertThatExceptionOfType(GitHubException.class)
			.isThrownBy(() -> connection.transport()
				.send(GitHubRequest.of("PUT", EnvironmentSecretsClient.environmentPath(repository,
						new EnvironmentName("both")),
						"{\"deployment_branch_policy\":{\"protected_branches\":true,\"custom_branch_policies\":true}}",
						"create environment both")))
			.satisfies(ex -> assertThat(ex.status()).isEqualTo(422));
	}

	@Test
	void introspectionShouldRecordKindExpiryAndScopesButNeverTheToken(GitHubContract github) {
		Binding binding = newBinding(github, true);
		GitHubConnection connection = github.connect(github.newWriterPat());
		connection.environments().environment(binding.repository(), binding.environment());

		TokenIntrospection introspection = connection.transport().introspection().orElseThrow();

		assertThat(introspection.kind()).isEqualTo(TokenKind.CLASSIC_PAT);
		assertThat(introspection.expiresAt()).isPresent();
		assertThat(introspection.scopes()).contains(java.util.Set.of("repo", "workflow"));
		LeakCanaries.assertNoLeak("token introspection", introspection.toString());
	}

	static RepositoryName newRepository(GitHubContract github) {
		RepositoryName repository = new RepositoryName("jupyterhub", "repo-" + REPOS.incrementAndGet());
		github.simulator().state().addRepository(repository.toString()).botPermission("admin");
		return repository;
	}

	static Binding newBinding(GitHubContract github, boolean withEnvironment) {
		RepositoryName repository = newRepository(github);
		Binding binding = new Binding(repository, new EnvironmentName("jupyterhub-bot"),
				new SecretName("JUPYTERHUB_BOT_PAT"));
		if (withEnvironment) {
			github.simulator().state().addEnvironment(repository.toString(), "jupyterhub-bot");
		}
		return binding;
	}

	static SimEnvironment environment(GitHubContract github, Binding binding) {
		return github.simulator().state().repository(binding.repository().toString())
			.environment(binding.environment().value());
	}

	static String plaintext(GitHubContract github, Binding binding) {
		SimSecret secret = environment(github, binding).secret(binding.secretName().value());
		return new String(secret.plaintext(), StandardCharsets.UTF_8);
	}

	static GitHubSimulator simulator(GitHubContract github) {
		return github.simulator();
	}

}
