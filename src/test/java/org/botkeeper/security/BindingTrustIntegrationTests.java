package org.botkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.botkeeper.githubsim.SimCredentials;
import org.botkeeper.githubsim.SimEnvironment;
import org.botkeeper.githubsim.SimRepository;
import org.botkeeper.githubsim.SimSecret;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.TestAppKeys;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultHttp;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.PolicyDocuments;
import org.botkeeper.vault.VaultLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where a value goes is decided only by whoever may write the value: a maintainer (or anyone with
 * metadata access) who edits a record's custom_metadata cannot send a value they cannot read to a
 * secret they can read, widen what an App token carries, or switch its installation. Run on the real
 * Vault with tokens bound to the shipped and generated policies, through the real CLI, with GitHub
 * simulated behind Prism.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class BindingTrustIntegrationTests {

	private static final String CEILING = "contents=write,pull_requests=write";

	private SyncWorld world;

	private VaultFixture vault;

	private VaultCli admin;

	private VaultCli broker;

	private GitHubContract github;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		this.github = github;
		this.vault = vault;
		this.world = new SyncWorld(vault, github);
		vault.writePolicy("botkeeper-auditor");
		world.storeWriter();
		admin = VaultCli.as(vault, world.adminToken);
		broker = VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl());
		CliRun ceiling = admin.run("writer", "ceiling", "set", "--app-permissions", CEILING);
		assertThat(ceiling.exitCode()).as(ceiling.describe()).isZero();
	}

	/** A token bound to the generated maintainer policy of {@code repository}. */
	private VaultCli maintainerOf(RepositoryName repository) {
		return VaultCli.as(vault, maintainerToken(repository));
	}

	/** A token bound to the maintainer policy botkeeper generates for {@code repository}. */
	private String maintainerToken(RepositoryName repository) {
		String policy = "botkeeper-maintainer-" + repository.owner().toLowerCase() + "-" + repository.repo().toLowerCase();
		String text = new PolicyDocuments(VaultLayout.defaults()).maintainer(List.of(repository));
		vault.root().write("sys/policies/acl/" + policy, Map.of("policy", text));
		return vault.tokenWithPolicies(policy);
	}

	/** What a person with metadata access can do with the plain Vault API: replace custom_metadata. */
	private static VaultHttp.Response editMetadata(VaultHttp as, RepositoryName repository, String customJson) {
		return as.post("botkeeper/metadata/tokens/" + VaultLayout.canonical(repository),
				"{\"custom_metadata\":" + customJson + "}");
	}

	private String secretAt(RepositoryName repository, String environment, String name) {
		SimRepository repo = world.github.state().repository(repository.toString());
		SimEnvironment env = repo == null ? null : repo.environment(environment);
		SimSecret secret = env == null ? null : env.secret(name);
		return secret == null ? null : new String(secret.plaintext(), StandardCharsets.UTF_8);
	}

	/**
	 * The broker's engine with App mode, on the contract's manual time: App JWTs are judged by that
	 * clock, which earlier tests may have moved past the wall clock a CLI run would sign with.
	 */
	private org.botkeeper.sync.ApplyReport applyAsBroker(RepositoryName repository, boolean force) {
		var minter = new org.botkeeper.github.InstallationTokenMinter(github.api(),
				org.botkeeper.github.GitHubLimits.defaults(), github.time(), github.time());
		var engine = new org.botkeeper.sync.SyncEngine(
				new org.botkeeper.broker.AppTokenSource(
						new org.botkeeper.vault.VaultSecretSource(world.broker, world.layout, world.defaults),
						new org.botkeeper.vault.TokenStore(world.broker, world.layout, world.defaults, "botkeeper-broker"),
						new org.botkeeper.vault.AppCeilingStore(world.broker, world.layout, "botkeeper-broker"),
						bound -> minter),
				new org.botkeeper.github.GitHubDestination(world.writer()),
				new org.botkeeper.vault.VaultLedger(world.broker, world.layout), github.time());
		return engine.apply(engine.plan(java.util.Set.of(repository), new org.botkeeper.sync.Planner.Options(false,
				force, false)), org.botkeeper.sync.WriteFence.NONE, result -> {
				});
	}

	private CliRun sync(RepositoryName repository, String... extra) {
		List<String> args = new java.util.ArrayList<>(List.of("sync", "--yes"));
		args.addAll(List.of(extra));
		args.add(repository.toString());
		return broker.run(args.toArray(String[]::new));
	}

	@Test
	void editingMetadataShouldNotRedirectAPlainToken() {
		RepositoryName repository = world.repositoryWithEnvironment("plain");
		world.github.state().addEnvironment(repository.toString(), "open-env");
		String token = LeakCanaries.fineGrainedPat();
		CliRun put = admin.withStdin(token + "\n", "token", "put", repository.toString());
		assertThat(put.exitCode()).as(put.describe()).isZero();

		VaultHttp.Response edit = editMetadata(vault.http(maintainerToken(repository)), repository,
				"{\"environment\":\"open-env\",\"secret_name\":\"STOLEN\",\"layout\":\"2\"}");
		assertThat(edit.status()).as("the maintainer policy may edit metadata: " + edit).isBetween(200, 204);
		CliRun sync = sync(repository);

		assertThat(sync.exitCode()).as(sync.describe()).isZero();
		assertThat(secretAt(repository, "open-env", "STOLEN")).as("nothing lands where the metadata points").isNull();
		assertThat(world.decrypted(repository)).as("the token went where it was written to go").isEqualTo(token);
		CliRun show = admin.run("token", "show", repository.toString());
		assertThat(show.out()).as("the edited copy is shown as what it is, a display field")
			.contains("open-env/STOLEN (display copy")
			.containsPattern("pushed to: +" + java.util.regex.Pattern.quote(repository + ":jupyterhub-bot/JUPYTERHUB_BOT_PAT"));
	}

	@Test
	void editingMetadataShouldNotRedirectWidenOrReinstallAnAppKey() {
		long appId = ThreadLocalRandom.current().nextLong(100_000, 900_000);
		long installation = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
		KeyPair pair = TestAppKeys.generate();
		world.github.credentials().registerApp(Long.toString(appId), (RSAPublicKey) pair.getPublic(),
				SimCredentials.Installation.allRepositories(installation, world.owner, Map.of("contents", "write")));
		RepositoryName repository = world.repositoryWithEnvironment("app");
		world.github.state().addEnvironment(repository.toString(), "open-env");
		String pem = LeakCanaries.plant(TestAppKeys.pkcs8Pem(pair));
		CliRun put = admin.withStdin(pem, "token", "put", repository.toString(), "--app-id", Long.toString(appId),
				"--installation-id", Long.toString(installation), "--app-permissions", "contents=read");
		assertThat(put.exitCode()).as(put.describe()).isZero();

		VaultHttp.Response edit = editMetadata(vault.http(maintainerToken(repository)), repository,
				"{\"environment\":\"open-env\",\"secret_name\":\"STOLEN_KEY\",\"app_id\":\"" + appId
						+ "\",\"installation_id\":\"4242\",\"app_permissions\":\"administration=write,contents=admin\"}");
		assertThat(edit.status()).as(edit.toString()).isBetween(200, 204);
		var sync = applyAsBroker(repository, false);

		assertThat(sync.succeeded()).as(sync.toString()).isTrue();
		assertThat(secretAt(repository, "open-env", "STOLEN_KEY")).isNull();
		String pushed = world.decrypted(repository);
		assertThat(pushed).as("a minted installation token, never the key").startsWith("ghs_");
		var scope = world.github.credentials().installationScope(pushed).orElseThrow();
		assertThat(scope.permissions()).as("the permissions written with the key, not the edited ones")
			.isEqualTo(Map.of("contents", "read"));

		VaultHttp.Response strip = editMetadata(vault.http(maintainerToken(repository)), repository, "{\"note\":\"x\"}");
		assertThat(strip.status()).isBetween(200, 204);
		var again = applyAsBroker(repository, true);
		assertThat(again.succeeded()).as(again.toString()).isTrue();
		assertThat(world.decrypted(repository)).as("App settings removed from metadata still mint, never push the key")
			.startsWith("ghs_");
	}

	@Test
	void anAppBindingAskingForMoreThanTheCeilingShouldBeBlockedWithTheReason() {
		long appId = ThreadLocalRandom.current().nextLong(100_000, 900_000);
		long installation = ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000);
		KeyPair pair = TestAppKeys.generate();
		world.github.credentials().registerApp(Long.toString(appId), (RSAPublicKey) pair.getPublic(),
				SimCredentials.Installation.allRepositories(installation, world.owner, Map.of("contents", "write")));
		RepositoryName repository = world.repositoryWithEnvironment("wide");
		CliRun put = admin.withStdin(LeakCanaries.plant(TestAppKeys.pkcs1Pem(pair)), "token", "put",
				repository.toString(), "--app-id", Long.toString(appId), "--installation-id", Long.toString(installation),
				"--app-permissions", "administration=write");
		assertThat(put.exitCode()).as(put.describe()).isZero();

		CliRun plan = broker.run("sync", "--plan", repository.toString());
		CliRun sync = sync(repository);

		assertThat(plan.out()).contains("BLOCKED").contains("exceed the ceiling");
		assertThat(sync.exitCode()).as(sync.describe()).isEqualTo(1);
		assertThat(world.decrypted(repository)).isNull();
		assertThat(admin.run("writer", "ceiling", "show").out()).contains(CEILING);
	}

	@Test
	void onlyAdminsAndBreakGlassMaySetTheCeiling(VaultFixture vault) {
		RepositoryName repository = world.repository("ceiling-denied");
		VaultCli maintainer = maintainerOf(repository);
		VaultCli auditor = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-auditor"));

		CliRun byMaintainer = maintainer.run("writer", "ceiling", "set", "--app-permissions", "administration=admin");
		CliRun byBroker = VaultCli.as(vault, world.brokerToken).run("writer", "ceiling", "set", "--app-permissions",
				"administration=admin");
		CliRun byAuditor = auditor.run("writer", "ceiling", "set", "--app-permissions", "administration=admin");

		for (CliRun denied : List.of(byMaintainer, byBroker, byAuditor)) {
			assertThat(denied.exitCode()).as(denied.describe()).isEqualTo(1);
			assertThat(denied.err()).contains("permission denied");
		}
		assertThat(auditor.run("writer", "ceiling", "show").out()).contains(CEILING);
	}

	@Test
	void aPlainRecordHoldingSomethingThatIsNotATokenShouldNeverBePushed() {
		RepositoryName repository = world.repositoryWithEnvironment("pem-as-plain");
		String pem = LeakCanaries.plant(TestAppKeys.pkcs8Pem(TestAppKeys.generate()));
		// What an earlier botkeeper's App record looks like once its App settings are removed from metadata.
		vault.root().write("botkeeper/data/tokens/" + VaultLayout.canonical(repository), Map.of("data", Map.of("token", pem)));

		CliRun plan = broker.run("sync", "--plan", repository.toString());
		CliRun sync = sync(repository);

		assertThat(plan.out()).contains("BLOCKED").contains("not a GitHub token");
		assertThat(sync.exitCode()).as(sync.describe()).isEqualTo(1);
		assertThat(world.decrypted(repository)).isNull();
	}

	@Test
	void aLegacyRecordShouldStillSyncBeListedByThePlanAndBeRewrittenByTheNextPut() {
		RepositoryName repository = world.repositoryWithEnvironment("legacy");
		String token = LeakCanaries.classicPat();
		String path = "tokens/" + VaultLayout.canonical(repository);
		vault.root().write("botkeeper/data/" + path, Map.of("data", Map.of("token", token)));
		vault.root().write("botkeeper/metadata/" + path, Map.of("custom_metadata",
				Map.of("environment", world.defaults.environment().value(), "secret_name",
						world.defaults.secretName().value(), "created_by", "someone")));

		CliRun plan = broker.run("sync", "--plan", repository.toString());
		CliRun sync = sync(repository);

		assertThat(plan.exitCode()).as(plan.describe()).isZero();
		assertThat(plan.err() + plan.out()).contains("old layout").contains(repository.toString());
		assertThat(sync.exitCode()).as(sync.describe()).isZero();
		assertThat(world.decrypted(repository)).isEqualTo(token);

		CliRun put = admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repository.toString());
		assertThat(put.exitCode()).as(put.describe()).isZero();
		Object layout = vault.root().read("botkeeper/data/" + path).getData().get("data") instanceof Map<?, ?> data
				? data.get("botkeeper_layout") : null;
		assertThat(layout).as("rewritten in the current layout").isEqualTo("2");
		CliRun after = broker.run("sync", "--plan", repository.toString());
		assertThat(after.err() + after.out()).doesNotContain("old layout");
	}

	@Test
	void aMovedBindingShouldKeepItsOldSecretInThePlanAndPruneShouldDeleteIt() {
		RepositoryName repository = world.repositoryWithEnvironment("moved");
		world.github.state().addEnvironment(repository.toString(), "deploy");
		admin.withStdin(LeakCanaries.fineGrainedPat() + "\n", "token", "put", repository.toString());
		assertThat(sync(repository).exitCode()).isZero();
		String second = LeakCanaries.fineGrainedPat();
		CliRun move = admin.withStdin(second + "\n", "token", "put", repository.toString(), "--environment", "deploy");
		assertThat(move.exitCode()).as(move.describe()).isZero();

		CliRun plan = broker.run("sync", "--plan", "--wide", repository.toString());
		assertThat(plan.out()).contains(repository + ":jupyterhub-bot/JUPYTERHUB_BOT_PAT")
			.contains("now points to another environment");
		CliRun keep = sync(repository);
		assertThat(keep.exitCode()).as(keep.describe()).isZero();
		assertThat(secretAt(repository, "deploy", "JUPYTERHUB_BOT_PAT")).isEqualTo(second);
		assertThat(world.decrypted(repository)).as("kept until --prune").isNotNull();

		CliRun prune = sync(repository, "--prune");

		assertThat(prune.exitCode()).as(prune.describe()).isZero();
		assertThat(world.decrypted(repository)).as("the old target, botkeeper's own, is deleted").isNull();
		assertThat(secretAt(repository, "deploy", "JUPYTERHUB_BOT_PAT")).isEqualTo(second);
		LedgerEntry entry = world.ledger().get(repository);
		assertThat(entry.retired()).isEmpty();
		assertThat(entry.binding().environment().value()).isEqualTo("deploy");
	}

	@Test
	void aPutThatWouldFollowAnEditedTargetShouldBeRefused() {
		RepositoryName repository = world.repositoryWithEnvironment("follow");
		admin.withStdin(LeakCanaries.fineGrainedPat() + "\n", "token", "put", repository.toString());
		assertThat(sync(repository).exitCode()).isZero();
		editMetadata(vault.http(maintainerToken(repository)), repository,
				"{\"environment\":\"open-env\",\"secret_name\":\"STOLEN\",\"botkeeper_layout\":\"2\"}");

		CliRun put = admin.withStdin(LeakCanaries.fineGrainedPat() + "\n", "token", "put", repository.toString());
		CliRun explicit = admin.withStdin(LeakCanaries.fineGrainedPat() + "\n", "token", "put", repository.toString(),
				"--environment", "jupyterhub-bot", "--secret-name", "JUPYTERHUB_BOT_PAT");

		assertThat(put.exitCode()).as(put.describe()).isEqualTo(2);
		assertThat(put.err()).contains("broker last pushed it to 'jupyterhub-bot/JUPYTERHUB_BOT_PAT'")
			.contains("--environment").contains("Nothing was stored");
		assertThat(explicit.exitCode()).as(explicit.describe()).isZero();
		assertThat(explicit.out()).contains("version 2");
	}

	@Test
	void editingTheDestinationInMetadataShouldNotMakeTheTokenARepositorySecret() {
		RepositoryName repository = world.repositoryWithEnvironment("kind");
		String token = LeakCanaries.fineGrainedPat();
		admin.withStdin(token + "\n", "token", "put", repository.toString());
		assertThat(sync(repository).exitCode()).isZero();

		// A repository secret is read by every workflow on any branch: the widest place in the repository.
		VaultHttp.Response edit = editMetadata(vault.http(maintainerToken(repository)), repository,
				"{\"destination\":\"repository\",\"secret_name\":\"JUPYTERHUB_BOT_PAT\",\"botkeeper_layout\":\"2\"}");
		assertThat(edit.status()).as(edit.toString()).isBetween(200, 204);
		CliRun sync = sync(repository, "--force");
		CliRun put = admin.withStdin(LeakCanaries.fineGrainedPat() + "\n", "token", "put", repository.toString());

		assertThat(sync.exitCode()).as(sync.describe()).isZero();
		assertThat(world.github.state().repository(repository.toString()).actionsSecrets().secret("JUPYTERHUB_BOT_PAT"))
			.as("nothing lands in the repository's Actions secrets").isNull();
		assertThat(world.decrypted(repository)).isEqualTo(token);
		assertThat(put.exitCode()).as("a put does not follow the edit: " + put.describe()).isEqualTo(2);
		assertThat(put.err()).contains("shows '[repository]/JUPYTERHUB_BOT_PAT'")
			.contains("last pushed it to 'jupyterhub-bot/JUPYTERHUB_BOT_PAT'").contains("--destination");
	}

	@Test
	void pruneShouldTrustTheLedgerRecordsPathNotTheNameWrittenInsideIt() {
		RepositoryName victim = world.repositoryWithEnvironment("victim");
		String victimToken = world.putToken(victim);
		assertThat(sync(victim).exitCode()).isZero();
		RepositoryName forged = world.repository("forged");
		// A ledger record under forged's path that names the victim's binding inside it.
		vault.root().write("botkeeper/data/sync/" + VaultLayout.canonical(forged), Map.of("data",
				Map.of("binding", victim + ":jupyterhub-bot/JUPYTERHUB_BOT_PAT", "environment", "jupyterhub-bot",
						"secret_name", "JUPYTERHUB_BOT_PAT", "owned", "true", "pushed_version", "1", "outcome", "SYNCED",
						"recorded_at", "2026-11-01T00:00:00Z")));

		CliRun prune = broker.run("sync", "--yes", "--prune", forged.toString(), victim.toString());

		assertThat(prune.exitCode()).as(prune.describe()).isZero();
		assertThat(world.decrypted(victim)).as("the victim's secret is untouched").isEqualTo(victimToken);
	}

	@Test
	void everySpellingOfARepositoryShouldFindTheSameRecord() {
		RepositoryName repository = world.repositoryWithEnvironment("Case-Repo");
		String upper = repository.owner().toUpperCase() + "/" + repository.repo().toUpperCase();
		CliRun first = admin.withStdin(LeakCanaries.fineGrainedPat() + "\n", "token", "put", upper);
		CliRun second = admin.withStdin(LeakCanaries.fineGrainedPat() + "\n", "token", "put",
				repository.toString().toLowerCase());
		VaultCli maintainer = maintainerOf(RepositoryName.parse(upper));
		CliRun byMaintainer = maintainer.withStdin(LeakCanaries.fineGrainedPat() + "\n", "token", "put",
				repository.toString());

		assertThat(first.exitCode()).as(first.describe()).isZero();
		assertThat(second.out()).as(second.describe()).contains("version 2");
		assertThat(byMaintainer.out()).as("the generated policy covers every spelling: " + byMaintainer.describe())
			.contains("version 3");
		CliRun list = admin.run("token", "list", "--format", "json");
		assertThat(list.out().toLowerCase().split(repository.toString().toLowerCase() + ":", -1))
			.as("one record, not one per spelling").hasSize(2);
	}

	@Test
	void aLegacyRecordStoredUnderAnotherSpellingShouldBeFoundNotShadowed() {
		RepositoryName repository = world.repositoryWithEnvironment("legacy-case");
		String spelled = repository.owner() + "/Legacy-Case";
		vault.root().write("botkeeper/data/tokens/" + spelled, Map.of("data", Map.of("token", LeakCanaries.classicPat())));

		CliRun put = admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repository.toString());

		assertThat(put.exitCode()).as(put.describe()).isZero();
		assertThat(put.out()).contains("version 2");
		assertThat(vault.root().read("botkeeper/metadata/tokens/" + VaultLayout.canonical(repository)))
			.as("no second record at the lower-case path").isNull();
	}

	@Test
	void dotAndDotDotShouldNotBeEnvironmentNames() {
		RepositoryName repository = world.repository("dots");
		for (String name : List.of(".", "..")) {
			CliRun put = admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repository.toString(),
					"--environment", name);
			assertThat(put.exitCode()).as(put.describe()).isEqualTo(2);
			assertThat(put.err()).contains("Invalid environment name").contains("not '.' or '..'");
		}
		assertThat(admin.run("token", "show", repository.toString()).exitCode()).as("nothing was stored").isEqualTo(1);
	}

	@Test
	void tokenPutShouldValidateEveryInputBeforeWritingAnything() {
		RepositoryName repository = world.repository("atomic");
		String token = LeakCanaries.classicPat() + "\n";
		String farFuture = java.time.LocalDate.now().plusYears(11).toString();
		Map<List<String>, String> bad = Map.of(
				List.of("--cas", "-1"), "Invalid --cas -1",
				List.of("--expires", farFuture), "more than 10 years ahead",
				List.of("--note", "line\u0007bell"), "Invalid --note",
				List.of("--note", "x".repeat(501)), "Invalid --note",
				List.of("--environment", "\u00e9".repeat(256)), "Invalid environment name",
				List.of("--secret-name", "GITHUB_TOKEN"), "reserves the prefix GITHUB_");
		bad.forEach((options, message) -> {
			List<String> args = new java.util.ArrayList<>(List.of("token", "put", repository.toString()));
			args.addAll(options);
			CliRun put = admin.withStdin(token, args.toArray(String[]::new));
			assertThat(put.exitCode()).as(options + ": " + put.describe()).isEqualTo(2);
			assertThat(put.err()).as(options.toString()).contains(message);
		});
		CliRun tooLong = admin.withStdin("ghp_" + "a".repeat(300) + "\n", "token", "put", repository.toString());
		assertThat(tooLong.exitCode()).as(tooLong.describe()).isEqualTo(2);
		assertThat(admin.run("token", "show", repository.toString()).exitCode()).as("nothing was stored").isEqualTo(1);
	}

}
