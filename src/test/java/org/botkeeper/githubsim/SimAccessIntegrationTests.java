package org.botkeeper.githubsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.botkeeper.crypto.SealedBox;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.github.AppJwt;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.TestAppKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's permission model, raw HTTP through Prism (so the error bodies are held against
 * GitHub's description too): per endpoint the role, the classic scope, the fine-grained and App
 * permissions and the repository selection GitHub documents, answered the way GitHub answers.
 */
@ExtendWith(GitHubContractExtension.class)
class SimAccessIntegrationTests {

	/** Ids far from the other tests' (they share the simulator). */
	private static final AtomicLong IDS = new AtomicLong(ThreadLocalRandom.current().nextLong(10_000_000, 90_000_000));

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private GitHubContract github;

	private String owner;

	private String repository;

	@BeforeEach
	void setUp(GitHubContract github) {
		this.github = github;
		this.owner = "acc" + IDS.incrementAndGet();
		this.repository = owner + "/private";
		github.simulator().state().addOrganisation(owner);
		github.simulator().state().addRepository(repository);
		github.simulator().state().addEnvironment(repository, "bot-env");
	}

	private record Answer(int status, String message, HttpResponse<String> response) {

		String header(String name) {
			return response.headers().firstValue(name).orElse(null);
		}

	}

	private Answer call(String method, String path, String token, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(github.api().resolve(path))
			.header("Accept", "application/vnd.github+json")
			.header("X-GitHub-Api-Version", "2022-11-28")
			.header("Authorization", "Bearer " + token);
		if (body != null) {
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			String message = response.body().isBlank() ? "" : JSON.readTree(response.body()).path("message").asString("");
			return new Answer(response.statusCode(), message, response);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String environment() {
		return "/repos/" + repository + "/environments/bot-env";
	}

	private String sealedPutBody() {
		String key = JSON.readTree(call("GET", environment() + "/secrets/public-key", writer("repo"), null).response()
			.body()).path("key").asString();
		String keyId = github.simulator().state().repository(repository).environment("bot-env").keyId();
		return "{\"encrypted_value\":\"" + SealedBox.seal(SecretValue.of(LeakCanaries.classicPat()), key)
				+ "\",\"key_id\":\"" + keyId + "\"}";
	}

	private String writer(String... scopes) {
		String token = LeakCanaries.classicPat();
		github.simulator().credentials().classicToken(token, SimState.WRITER, null, scopes);
		return token;
	}

	private String fineGrained(String login, Map<String, String> permissions, String... repositories) {
		String token = LeakCanaries.fineGrainedPat();
		github.simulator().credentials().fineGrainedToken(token, login, null, permissions, repositories);
		return token;
	}

	/** An installation token of a fresh App installed on the owner as {@code installation} says. */
	private String installationToken(Map<String, String> permissions, String... repositories) {
		KeyPair pair = TestAppKeys.generate();
		String appId = Long.toString(IDS.incrementAndGet());
		long installationId = IDS.incrementAndGet();
		github.simulator().credentials().registerApp(appId, (RSAPublicKey) pair.getPublic(),
				new SimCredentials.Installation(installationId, owner, permissions, java.util.Set.of(repositories)));
		String jwt = AppJwt.sign(appId, (RSAPrivateKey) pair.getPrivate(), github.time().instant());
		Answer minted = call("POST", "/app/installations/" + installationId + "/access_tokens", jwt, null);
		assertThat(minted.status()).as(minted.response().body()).isEqualTo(201);
		return LeakCanaries.plant(JSON.readTree(minted.response().body()).path("token").asString());
	}

	@Test
	void aClassicTokenWithoutTheRepoScopeShouldNotSeeAPrivateRepository() {
		String noRepoScope = writer("workflow");

		Answer answer = call("GET", environment(), noRepoScope, null);

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.header("x-accepted-oauth-scopes")).isEqualTo("repo");
		assertThat(call("GET", environment(), writer("repo"), null).status()).isEqualTo(200);
		github.simulator().state().repository(repository).publicRepository(true);
		assertThat(call("GET", environment(), noRepoScope, null).status()).as("public: anyone may read it")
			.isEqualTo(200);
		assertThat(call("PUT", environment() + "/secrets/PUBLIC_TOO", noRepoScope, sealedPutBody()).status())
			.as("writing still needs repo (or public_repo)").isEqualTo(404);
	}

	@Test
	void aPersonWithoutAccessShouldGet404AndAWriteCollaboratorNoEnvironmentButSecrets() {
		String stranger = LeakCanaries.classicPat();
		github.simulator().credentials().classicToken(stranger, "a-stranger", null, "repo");
		assertThat(call("GET", "/repos/" + repository, stranger, null).status()).isEqualTo(404);

		github.simulator().state().repository(repository).writerPermission("write");
		String writeOnly = writer("repo");
		Answer environment = call("PUT", "/repos/" + repository + "/environments/new-env", writeOnly,
				"{\"deployment_branch_policy\":{\"protected_branches\":true,\"custom_branch_policies\":false}}");
		assertThat(environment.status()).isEqualTo(403);
		assertThat(environment.message()).isEqualTo("Must have admin rights to Repository.");
		assertThat(call("PUT", environment() + "/secrets/WRITE_IS_ENOUGH", writeOnly, sealedPutBody()).status())
			.as("GitHub: collaborators with write may write secrets").isEqualTo(201);
		assertThat(call("GET", "/repos/" + repository + "/branches/main/protection", writeOnly, null).status())
			.as("branch protection is for admins").isEqualTo(403);
	}

	@Test
	void aFineGrainedTokenShouldNeedBothEnvironmentsAndSecretsAndItsRepositorySelected() {
		String secretsOnly = fineGrained(SimState.WRITER, Map.of("secrets", "write"));
		String both = fineGrained(SimState.WRITER, Map.of("secrets", "write", "environments", "write"));
		String otherRepository = fineGrained(SimState.WRITER, Map.of("secrets", "write", "environments", "write"),
				owner + "/another");

		Answer refused = call("PUT", environment() + "/secrets/FG", secretsOnly, sealedPutBody());

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.message()).isEqualTo("Resource not accessible by personal access token");
		assertThat(refused.header("x-accepted-github-permissions")).isEqualTo("environments=write,secrets=write");
		assertThat(call("PUT", environment() + "/secrets/FG", both, sealedPutBody()).status()).isEqualTo(201);
		assertThat(call("GET", "/repos/" + repository, otherRepository, null).status())
			.as("a private repository the token does not select is not there").isEqualTo(404);
		assertThat(call("GET", "/repos/" + repository, secretsOnly, null).status()).as("metadata read is implied")
			.isEqualTo(200);
	}

	@Test
	void anInstallationShouldBeHeldToItsPermissionsAndRepositories() {
		String withoutAdministration = installationToken(
				Map.of("actions", "read", "environments", "write", "secrets", "write"));

		Answer create = call("PUT", "/repos/" + repository + "/environments/app-env", withoutAdministration,
				"{\"deployment_branch_policy\":{\"protected_branches\":true,\"custom_branch_policies\":false}}");

		assertThat(create.status()).isEqualTo(403);
		assertThat(create.message()).isEqualTo("Resource not accessible by integration");
		assertThat(create.header("x-accepted-github-permissions")).isEqualTo("administration=write");
		assertThat(call("GET", "/repos/" + repository + "/branches/main/protection", withoutAdministration, null)
			.status()).isEqualTo(403);
		assertThat(call("PUT", environment() + "/secrets/APP", withoutAdministration, sealedPutBody()).status())
			.as("an existing environment's secrets need no Administration").isEqualTo(201);
		assertThat(call("GET", "/user/repository_invitations", withoutAdministration, null).status())
			.as("not for Apps").isEqualTo(403);

		github.simulator().state().addRepository(owner + "/elsewhere");
		String selected = installationToken(Map.of("metadata", "read"), owner + "/elsewhere");
		assertThat(call("GET", "/repos/" + repository, selected, null).status()).as("not among its repositories")
			.isEqualTo(404);
		assertThat(call("GET", "/repos/" + owner + "/elsewhere", selected, null).status()).isEqualTo(200);
	}

	@Test
	void aMintAskingForMoreThanTheInstallationHasShouldBeRefusedWith422() {
		KeyPair pair = TestAppKeys.generate();
		String appId = Long.toString(IDS.incrementAndGet());
		long installationId = IDS.incrementAndGet();
		github.simulator().credentials().registerApp(appId, (RSAPublicKey) pair.getPublic(),
				SimCredentials.Installation.selected(installationId, owner, Map.of("contents", "read"), repository));
		String jwt = AppJwt.sign(appId, (RSAPrivateKey) pair.getPrivate(), github.time().instant());
		String path = "/app/installations/" + installationId + "/access_tokens";

		Answer wider = call("POST", path, jwt, "{\"permissions\":{\"contents\":\"write\"}}");
		Answer elsewhere = call("POST", path, jwt, "{\"repositories\":[\"not-installed\"]}");
		Answer within = call("POST", path, jwt, "{\"repositories\":[\"private\"],\"permissions\":{\"contents\":\"read\"}}");

		assertThat(wider.status()).isEqualTo(422);
		assertThat(wider.message()).contains("not granted");
		assertThat(elsewhere.status()).isEqualTo(422);
		assertThat(within.status()).isEqualTo(201);
		LeakCanaries.plant(JSON.readTree(within.response().body()).path("token").asString());
	}

	@Test
	void organisationSecretsShouldNeedAnOwnerWithAdminOrg() {
		github.simulator().state().putOrganisationSecret(owner, "ORG_WIDE");
		String path = "/orgs/" + owner + "/actions/secrets";
		String repositoryAdmin = writer("repo", "admin:org");
		String ownerWithoutScope = writer("repo");

		Answer notOwner = call("GET", path, repositoryAdmin, null);
		github.simulator().state().addOrganisation(owner, SimState.WRITER);
		Answer noScope = call("GET", path, ownerWithoutScope, null);
		Answer allowed = call("GET", path, repositoryAdmin, null);

		assertThat(notOwner.status()).isEqualTo(403);
		assertThat(notOwner.message()).isEqualTo("You must be an org admin or have the actions secrets fine-grained "
				+ "permission.");
		assertThat(noScope.status()).isEqualTo(403);
		assertThat(noScope.header("x-accepted-oauth-scopes")).isEqualTo("admin:org");
		assertThat(allowed.status()).isEqualTo(200);
		assertThat(allowed.response().body()).contains("ORG_WIDE");
		assertThat(call("GET", path, installationToken(Map.of("secrets", "read")), null).status())
			.as("an App needs the organisation Secrets permission").isEqualTo(403);
		assertThat(call("GET", path, installationToken(Map.of("organization_secrets", "read")), null).status())
			.isEqualTo(200);
	}

	@Test
	void theRepositoryShouldReportTheCallersOwnRole() {
		github.simulator().state().repository(repository).botPermission("read");
		String bot = LeakCanaries.classicPat();
		github.simulator().credentials().classicToken(bot, SimState.BOT, null, "repo");

		String asBot = call("GET", "/repos/" + repository, bot, null).response().body();
		String asWriter = call("GET", "/repos/" + repository, writer("repo"), null).response().body();

		assertThat(JSON.readTree(asBot).path("permissions").path("push").asBoolean()).isFalse();
		assertThat(JSON.readTree(asWriter).path("permissions").path("admin").asBoolean()).isTrue();
		assertThat(JSON.readTree(asWriter).path("private").asBoolean()).isTrue();
	}

}
