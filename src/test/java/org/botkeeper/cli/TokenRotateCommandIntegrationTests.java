package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.AccountStore;
import org.botkeeper.vault.AppSource;
import org.botkeeper.vault.TokenRecord;
import org.botkeeper.vault.TokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code token rotate} through the real command line, against the real Vault (policies as written) and
 * the simulator through Prism: the new token is checked as itself before anything is stored, stored
 * with the expiry GitHub reports and synced; every refusal stores nothing.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class TokenRotateCommandIntegrationTests {

	@TempDir
	Path dir;

	private SyncWorld world;

	private GitHubContract github;

	private VaultFixture vault;

	private String breakGlassToken;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		this.world = new SyncWorld(vault, github);
		this.github = github;
		this.vault = vault;
		vault.writePolicy("botkeeper-breakglass");
		breakGlassToken = vault.tokenWithPolicies("botkeeper-breakglass");
		new AccountStore(world.admin, world.layout).set(SimState.BOT, SecretValue.of(LeakCanaries.password()));
		world.expireLeaseIfHeld();
	}

	/** Break-glass both writes tokens and reads the writer: the one identity that rotates and syncs at once. */
	private CliRun rotate(String token, String... args) {
		return rotateAs(breakGlassToken, token, args);
	}

	private CliRun rotateAs(String vaultToken, String token, String... args) {
		return rotateWith(VaultCli.as(vault, vaultToken).with("GITHUB_API_URL", world.apiUrl()), token, args);
	}

	private CliRun rotateWith(VaultCli cli, String token, String... args) {
		List<String> all = new java.util.ArrayList<>(List.of("token", "rotate"));
		all.addAll(List.of(args));
		CliRun run = cli.withStdin(token + "\n", all.toArray(String[]::new));
		LeakCanaries.assertNoLeak("stdout of token rotate", run.out());
		LeakCanaries.assertNoLeak("stderr of token rotate", run.err());
		return run;
	}

	/** A fine-grained token of {@code login} the simulator accepts on {@code repositories} (none: all). */
	private String tokenOf(String login, Instant expiresAt, String... repositories) {
		String token = LeakCanaries.fineGrainedPat();
		world.github.credentials().fineGrainedToken(token, login, expiresAt, Map.of("contents", "write"), repositories);
		return token;
	}

	private TokenRecord record(RepositoryName repository) {
		return new TokenStore(world.admin, world.layout, world.defaults, "botkeeper-admin").record(repository).orElseThrow();
	}

	private void assertNothingStored(RepositoryName repository, CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
		assertThat(run.err()).as(run.describe()).contains("Nothing was stored.");
		assertThat(record(repository).version()).as("no new version after a refusal").isEqualTo(1);
		assertThat(world.decrypted(repository)).as("nothing synced after a refusal").isNull();
	}

	@Test
	void aGoodTokenShouldBeStoredWithGitHubsExpiryAndSyncedAndItsPermissionsAskedForNextTime() {
		world.storeWriter();
		RepositoryName repository = world.repositoryWithEnvironment("good");
		world.putToken(repository);
		Instant expiry = github.time().instant().plus(60, ChronoUnit.DAYS);
		String token = tokenOf(SimState.BOT, expiry, repository.toString());

		CliRun run = rotate(token, repository.toString(), "--permission", "contents:write", "--permission",
				"pull_requests:write", "--expires-in", "60");

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.err()).as("the filled-in form").contains("https://github.com/settings/personal-access-tokens/new?name="
				+ repository.owner() + "%2F" + repository.repo() + "+")
			.contains("&target_name=" + repository.owner() + "&expires_in=60&contents=write&pull_requests=write")
			.contains("'Only select repositories' and select " + repository);
		LocalDate expected = LocalDate.ofInstant(expiry, ZoneOffset.UTC);
		assertThat(run.out()).contains("as version 2, expiring " + expected + " as GitHub reports")
			.contains("Now delete the token this one replaces")
			.contains("https://github.com/settings/personal-access-tokens,");
		TokenRecord stored = record(repository);
		assertThat(stored.version()).isEqualTo(2);
		assertThat(stored.expiresAt()).isEqualTo(expected);
		assertThat(stored.patPermissions()).containsExactly("contents:write", "pull_requests:write");
		assertThat(world.decrypted(repository)).as("the simulator's secret holds the new token").isEqualTo(token);

		CliRun next = rotate(tokenOf("someone-else", null), repository.toString());

		assertThat(next.err()).as("the next rotation asks for the recorded permissions")
			.contains("&contents=write&pull_requests=write");
		assertThat(next.exitCode()).as(next.describe()).isEqualTo(2);
		assertThat(world.decrypted(repository)).isEqualTo(token);
	}

	private Path bindingsFile(String yaml) throws IOException {
		Path file = dir.resolve("botkeeper.yaml");
		Files.writeString(file, yaml);
		return file;
	}

	@Test
	void thePermissionsDeclaredInTheBindingsFileShouldFillTheFormUnlessGivenExplicitly() throws IOException {
		world.storeWriter();
		RepositoryName repository = world.repositoryWithEnvironment("declared");
		world.putToken(repository);
		Path file = bindingsFile("""
				bindings:
				  - repository: %s
				    permissions: [contents:write, pull_requests:write]
				""".formatted(repository));
		String token = tokenOf(SimState.BOT, null, repository.toString());

		CliRun run = rotate(token, repository.toString(), "--config", file.toString());

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.err()).contains("Permissions from " + file + ":2.\n")
			.contains("&expires_in=90&contents=write&pull_requests=write\n")
			.doesNotContain("does not declare");
		assertThat(record(repository).patPermissions()).as("recorded for a rotation without the file")
			.containsExactly("contents:write", "pull_requests:write");
		assertThat(world.decrypted(repository)).isEqualTo(token);

		CliRun explicit = rotate(tokenOf("someone-else", null), repository.toString(), "--config", file.toString(),
				"--permission", "contents:write");

		assertThat(explicit.err()).as("an explicit --permission wins, and says what it replaces")
			.contains("Permissions from --permission, in place of contents:write, pull_requests:write that " + file
					+ ":2 declares.\n")
			.contains("&expires_in=90&contents=write\n");
		assertThat(explicit.exitCode()).as(explicit.describe()).isEqualTo(ExitCodes.BAD_INPUT);
	}

	@Test
	void aTokenBoundElsewhereThanDeclaredShouldNotBeRotated() throws IOException {
		RepositoryName repository = world.repositoryWithEnvironment("bound-elsewhere");
		world.putToken(repository);
		Path file = bindingsFile("""
				bindings:
				  - repository: %s
				    destination: repository
				    permissions: [contents:write]
				""".formatted(repository));

		CliRun run = rotate(tokenOf(SimState.BOT, null, repository.toString()), repository.toString(), "--config",
				file.toString());

		assertNothingStored(repository, run);
		assertThat(run.err()).contains(repository + " is declared in " + file + ":2 as " + repository + ":[repository]/"
				+ world.defaults.secretName() + ", but its token in Vault is bound to " + world.binding(repository)
				+ ": not rotated. Correct the file, or rebind the token: botkeeper token put " + repository
				+ " --destination repository --secret-name " + world.defaults.secretName() + " (with the same value).")
			.as("refused before anyone makes a token")
			.doesNotContain("personal-access-tokens/new");
	}

	@Test
	void aRepositoryTheFileDoesNotDeclareShouldBeRotatedWithAWarning() throws IOException {
		RepositoryName repository = world.repositoryWithEnvironment("undeclared");
		RepositoryName other = world.repository("declared-other");
		world.putToken(repository);
		Path file = bindingsFile("""
				bindings:
				  - repository: %s
				    permissions: [issues:write]
				""".formatted(other));

		CliRun run = rotate(tokenOf(SimState.BOT, null, repository.toString()), repository.toString(), "--config",
				file.toString());

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.err()).contains(world.binding(repository) + " has a token in Vault that " + file
				+ " does not declare: rotating as usual; declare it to keep the file complete.\n")
			.contains("Permissions: botkeeper's default, contents:write (none recorded).\n")
			.contains("&expires_in=90&contents=write\n");
		assertThat(record(repository).version()).isEqualTo(2);
	}

	@Test
	void aBindingsFileWithMistakesShouldStopTheRotationBeforeVaultIsAsked() throws IOException {
		RepositoryName repository = world.repositoryWithEnvironment("bad-file");
		world.putToken(repository);
		Path file = bindingsFile("""
				bindings:
				  - repository: %s
				    permissions: [pull-requests:write]
				""".formatted(repository));
		long requests = world.github.counters().requests();

		CliRun run = rotateWith(VaultCli.as(vault, breakGlassToken).with("GITHUB_API_URL", world.apiUrl())
			.with("VAULT_ADDR", "http://127.0.0.1:9"), tokenOf(SimState.BOT, null), repository.toString(), "--config",
				file.toString());

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains(file + ":3: 'permissions': 'pull-requests:write' is not a permission: use "
				+ "NAME:LEVEL with GitHub's parameter name and read, write or admin, e.g. contents:write.")
			.doesNotContain("127.0.0.1:9")
			.doesNotContain("personal-access-tokens/new");
		assertThat(world.github.counters().requests()).as("GitHub is not asked").isEqualTo(requests);
		assertThat(record(repository).version()).isEqualTo(1);
	}

	@Test
	void aTokenOfAnotherAccountShouldBeRefused() {
		RepositoryName repository = world.repositoryWithEnvironment("wrong-account");
		world.putToken(repository);

		CliRun run = rotate(tokenOf("an-admin", null), repository.toString());

		assertNothingStored(repository, run);
		assertThat(run.err()).contains("belongs to GitHub user 'an-admin', not to the bot account '" + SimState.BOT + "'");
	}

	@Test
	void aTokenWithoutAccessToTheRepositoryShouldBeRefused() {
		RepositoryName repository = world.repositoryWithEnvironment("no-access");
		RepositoryName other = world.repositoryWithEnvironment("other");
		world.putToken(repository);

		CliRun run = rotate(tokenOf(SimState.BOT, null, other.toString()), repository.toString());

		assertNothingStored(repository, run);
		assertThat(run.err()).contains("cannot read " + repository + " (GitHub answered 404 or 403)")
			.contains("'Only select repositories' and add " + repository);
	}

	@Test
	void aBotWithoutPushShouldBeRefusedForContentsWrite() {
		RepositoryName repository = world.repositoryWithEnvironment("read-only");
		world.putToken(repository);
		world.github.state().repository(repository.toString()).botPermission("read");

		CliRun run = rotate(tokenOf(SimState.BOT, null), repository.toString());

		assertNothingStored(repository, run);
		assertThat(run.err()).contains("cannot push to " + repository + " (permissions.push is false)");
	}

	@Test
	void anExpiredOrRevokedTokenShouldBeRefused() {
		RepositoryName repository = world.repositoryWithEnvironment("expired");
		world.putToken(repository);
		String expired = tokenOf(SimState.BOT, github.time().instant().minus(1, ChronoUnit.HOURS));
		String revoked = tokenOf(SimState.BOT, null);
		world.github.credentials().revokeToken(revoked);

		for (String token : List.of(expired, revoked)) {
			CliRun run = rotate(token, repository.toString());

			assertNothingStored(repository, run);
			assertThat(run.err()).contains("GitHub does not accept this token (401 Bad credentials)");
		}
	}

	@Test
	void withNoBotAccountRecordedNothingShouldBeRotated() {
		RepositoryName repository = world.repositoryWithEnvironment("no-account");
		world.putToken(repository);
		vault.root().delete("botkeeper/metadata/account");

		CliRun run = rotate(tokenOf(SimState.BOT, null, repository.toString()), repository.toString());

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
		assertThat(run.err()).contains("No bot account is recorded in Vault")
			.contains("botkeeper account set --login NAME")
			.as("refused before anyone makes a token")
			.doesNotContain("personal-access-tokens/new");
		assertThat(record(repository).version()).isEqualTo(1);
	}

	@Test
	void anAppModeBindingShouldHaveNothingToRotate() {
		RepositoryName repository = world.repositoryWithEnvironment("app");
		new TokenStore(world.admin, world.layout, world.defaults, "botkeeper-admin").put(repository,
				SecretValue.of("not-read-here"), new TokenStore.TokenChange(null, null, null, null,
						new AppSource(11, 22, Map.of(), AppSource.DEFAULT_REFRESH)), null);

		CliRun run = rotate(tokenOf(SimState.BOT, null), repository.toString());

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
		assertThat(run.err()).contains("is in GitHub App mode (App 11)").contains("no token to rotate")
			.doesNotContain("personal-access-tokens/new");
		assertThat(record(repository).version()).isEqualTo(1);
	}

	@Test
	void withoutAWriterTheTokenShouldBeStoredAndTheSyncLeftToBeDone() {
		RepositoryName repository = world.repositoryWithEnvironment("no-writer");
		world.putToken(repository);
		vault.root().delete("botkeeper/metadata/writer");
		String token = tokenOf(SimState.BOT, null, repository.toString());

		CliRun run = rotate(token, repository.toString());

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.out()).contains("as version 2; GitHub reports no expiry for it")
			.contains("Keep the old token until the new one is synced");
		assertThat(run.err()).contains("Not synced: there is no writer credential in Vault")
			.contains("'botkeeper sync " + repository + "'");
		assertThat(record(repository).version()).isEqualTo(2);
		assertThat(record(repository).patPermissions()).as("the default the help states")
			.containsExactly("contents:write");
		assertThat(world.decrypted(repository)).isNull();
	}

	@Test
	void anAdminShouldStoreTheTokenAndLeaveTheSyncToTheBroker() {
		world.storeWriter();
		RepositoryName repository = world.repositoryWithEnvironment("as-admin");
		world.putToken(repository);
		String token = tokenOf(SimState.BOT, null, repository.toString());

		CliRun run = rotateAs(world.adminToken, token, repository.toString());

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.err()).contains("Not synced: this Vault identity may not read the writer credential");
		assertThat(record(repository).version()).isEqualTo(2);
		assertThat(world.decrypted(repository)).isNull();
	}

}
