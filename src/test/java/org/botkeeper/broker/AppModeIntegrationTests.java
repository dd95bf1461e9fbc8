package org.botkeeper.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.github.GitHubDestination;
import org.botkeeper.github.GitHubLimits;
import org.botkeeper.github.GitHubRequest;
import org.botkeeper.github.GitHubUnauthorizedException;
import org.botkeeper.github.InstallationTokenMinter;
import org.botkeeper.github.PersonalAccessToken;
import org.botkeeper.githubsim.SimCredentials;
import org.botkeeper.sync.Action;
import org.botkeeper.sync.ApplyReport;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.Reason;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.WriteFence;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.TestAppKeys;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.AppCeiling;
import org.botkeeper.vault.AppCeilingStore;
import org.botkeeper.vault.TokenStore;
import org.botkeeper.vault.VaultLedger;
import org.botkeeper.vault.VaultSecretSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GitHub App mode end to end: the App key stored with {@code token put --app-id}, the broker mints an
 * installation token for that one repository (through Prism, so the request body is held against
 * GitHub's description), pushes it, re-mints every 30 minutes, and the simulator refuses a token
 * past its hour.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class AppModeIntegrationTests {

	private SyncWorld world;

	private GitHubContract github;

	private VaultFixture vault;

	private long appId;

	private long installationId;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		this.world = new SyncWorld(vault, github);
		this.github = github;
		this.vault = vault;
		this.appId = ThreadLocalRandom.current().nextLong(100_000, 900_000);
		this.installationId = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
		new AppCeilingStore(world.admin, world.layout, "botkeeper-admin")
			.set(new AppCeiling(Map.of("contents", "write", "pull_requests", "write")));
	}

	private SyncEngine engine() {
		InstallationTokenMinter minter = new InstallationTokenMinter(github.api(), GitHubLimits.defaults(), github.time(),
				github.time());
		return new SyncEngine(
				new AppTokenSource(new VaultSecretSource(world.broker, world.layout, world.defaults),
						new TokenStore(world.broker, world.layout, world.defaults, "botkeeper-broker"),
						new AppCeilingStore(world.broker, world.layout, "botkeeper-broker"), repository -> minter),
				new GitHubDestination(world.writer()), new VaultLedger(world.broker, world.layout), github.time());
	}

	private ApplyReport apply(RepositoryName repository) {
		SyncEngine engine = engine();
		return engine.apply(engine.plan(Set.of(repository), Planner.Options.DEFAULT), WriteFence.NONE, result -> {
		});
	}

	private CliRun putAppKey(RepositoryName repository, String pem, String... extra) {
		List<String> args = new java.util.ArrayList<>(List.of("token", "put", repository.toString(), "--app-id",
				Long.toString(appId), "--installation-id", Long.toString(installationId)));
		args.addAll(List.of(extra));
		return VaultCli.as(vault, world.adminToken).withStdin(pem, args.toArray(String[]::new));
	}

	@Test
	void theBrokerShouldPushAnInstallationTokenForThatRepositoryAndMintItAgainBeforeItExpires() {
		KeyPair pair = TestAppKeys.generate();
		world.github.credentials().registerApp(Long.toString(appId), (RSAPublicKey) pair.getPublic(),
				SimCredentials.Installation.allRepositories(installationId, world.owner, Map.of("contents", "write")));
		RepositoryName repository = world.repositoryWithEnvironment("app");
		CliRun put = putAppKey(repository, LeakCanaries.plant(TestAppKeys.pkcs8Pem(pair)), "--app-permissions",
				"contents=read");
		assertThat(put.exitCode()).as(put.describe()).isZero();
		CliRun list = VaultCli.as(vault, world.adminToken).run("token", "list", "--format", "json");
		assertThat(list.out()).contains("\"github_app\"").contains("\"app_id\" : " + appId);
		CliRun check = VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl())
			.run("token", "check", repository.toString());
		assertThat(check.exitCode()).as("the App key is never sent as a bearer token: " + check.describe()).isZero();
		assertThat(check.out()).contains("app mode");

		assertThat(apply(repository).succeeded()).isTrue();
		String first = world.decrypted(repository);
		assertThat(first).startsWith("ghs_");
		SimCredentials.InstallationScope scope = world.github.credentials().installationScope(first).orElseThrow();
		assertThat(scope.repositories()).containsExactly(repository.repo());
		assertThat(scope.permissions()).isEqualTo(Map.of("contents", "read"));
		assertThat(engine().plan(Set.of(repository), Planner.Options.DEFAULT).plan().hasChanges()).isFalse();

		github.time().advance(Duration.ofMinutes(31));
		var refresh = engine().plan(Set.of(repository), Planner.Options.DEFAULT).plan().items().getFirst();
		assertThat(refresh.action()).isEqualTo(Action.UPDATE_SECRET);
		assertThat(refresh.reason()).isEqualTo(Reason.TOKEN_REFRESH);
		assertThat(apply(repository).succeeded()).isTrue();
		String second = world.decrypted(repository);
		assertThat(second).startsWith("ghs_").isNotEqualTo(first);

		github.time().advance(Duration.ofMinutes(30));
		var expired = github.connect(new PersonalAccessToken(SecretValue.of(first)));
		assertThatThrownBy(() -> expired.transport().send(GitHubRequest.get("/repos/" + repository, "read as an old token")))
			.as("the simulator refuses an installation token past its hour")
			.isInstanceOf(GitHubUnauthorizedException.class);
	}

	@Test
	void aKeyThatIsNotTheAppsShouldFailThatBindingOnly() {
		world.github.credentials().registerApp(Long.toString(appId), (RSAPublicKey) TestAppKeys.generate().getPublic(),
				SimCredentials.Installation.allRepositories(installationId, world.owner, Map.of("contents", "write")));
		RepositoryName repository = world.repositoryWithEnvironment("wrong-key");
		CliRun put = putAppKey(repository, LeakCanaries.plant(TestAppKeys.pkcs1Pem(TestAppKeys.generate())));
		assertThat(put.exitCode()).as(put.describe()).isZero();

		ApplyReport report = apply(repository);

		assertThat(report.results()).singleElement().satisfies(result -> {
			assertThat(result.status()).isEqualTo(ItemResult.Status.FAILED);
			assertThat(result.message()).contains("401").contains("the key in Vault is the App's current key");
		});
		assertThat(world.decrypted(repository)).isNull();
	}

	@Test
	void somethingThatIsNotAPemKeyShouldBeRefusedBeforeAnythingIsStored() {
		RepositoryName repository = world.repositoryWithEnvironment("not-a-key");

		CliRun put = putAppKey(repository, LeakCanaries.password());

		assertThat(put.exitCode()).as(put.describe()).isEqualTo(2);
		assertThat(put.err()).contains("not a PEM RSA key").contains("Nothing was stored");
		assertThat(new TokenStore(world.admin, world.layout, world.defaults, "botkeeper-admin").record(repository)).isEmpty();
	}

}
