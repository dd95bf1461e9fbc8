package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.Rfc6238;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several bots ({@code --account NAME}) through the real command line on the real Vault: {@code vault init
 * --account} gives each bot its mounts, policies and roles; each bot's admin reaches that bot's password,
 * TOTP code, recovery codes and tokens and gets 403 on the other's and on the default bot's; {@code sync} for one bot
 * writes that bot's secret only, and never takes over a secret another bot owns. Each test sets up two
 * accounts of its own on the shared server.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class AccountsCommandIntegrationTests {

	private VaultFixture vault;

	private String a;

	private String b;

	@BeforeEach
	void setUp(VaultFixture vault) {
		this.vault = vault;
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		a = "alice-" + suffix;
		b = "bob-" + suffix;
		VaultCli root = VaultCli.as(vault, vault.server().rootToken());
		for (String account : List.of(a, b)) {
			CliRun init = root.run("vault", "init", "--account", account);
			assertThat(init.exitCode()).as(init.describe()).isZero();
			assertThat(init.out()).containsPattern("create +mount botkeeper-" + account + "/")
				.containsPattern("create +mount botkeeper-totp-" + account + "/")
				.containsPattern("create +policy botkeeper-admin-botkeeper-" + account + " ")
				.contains("approle role botkeeper-broker-botkeeper-" + account);
		}
	}

	/** A CLI run as a token of policy {@code role} (admin, broker, ...) of {@code account}. */
	private VaultCli as(String role, String account) {
		return VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-" + role + "-botkeeper-" + account))
			.with("BOTKEEPER_ACCOUNT", account);
	}

	@Test
	void eachBotsAdminShouldReachItsOwnPasswordCodeAndTokensOnly() {
		// Not planted as canaries: 'account password' prints them to the pipe, as asked.
		String passwordA = "pw-a-" + UUID.randomUUID();
		String passwordB = "pw-b-" + UUID.randomUUID();
		String seedA = LeakCanaries.totpSeed();
		String seedB = LeakCanaries.totpSeed();
		RepositoryName repository = RepositoryName.parse("acme-" + a + "/app");
		for (String account : List.of(a, b)) {
			String password = account.equals(a) ? passwordA : passwordB;
			String seed = account.equals(a) ? seedA : seedB;
			check(as("admin", account).withStdin(password + "\n", "account", "set", "--login", account));
			check(as("breakglass", account).withStdin(seed + "\n", "totp", "import"));
			check(as("admin", account).withStdin(LeakCanaries.fineGrainedPat() + "\n", "token", "put",
					repository.toString()));
		}
		VaultCli adminA = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin-botkeeper-" + a));
		VaultCli adminB = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin-botkeeper-" + b));

		CliRun ownA = adminA.run("account", "password", "--account", a);
		CliRun ownB = adminB.run("account", "password", "--account", b);
		long before = Instant.now().getEpochSecond() / 30;
		CliRun codeA = adminA.run("totp", "--account", a);
		CliRun codeB = adminB.run("totp", "--account", b);
		long after = Instant.now().getEpochSecond() / 30;

		assertThat(ownA.out().strip()).as(ownA.describe()).isEqualTo(passwordA);
		assertThat(ownB.out().strip()).as(ownB.describe()).isEqualTo(passwordB);
		assertThat(codeA.out().strip()).as(codeA.describe()).isIn(codes(seedA, before, after));
		assertThat(codeB.out().strip()).as(codeB.describe()).isIn(codes(seedB, before, after));
		assertThat(codeA.out().strip()).isNotEqualTo(codeB.out().strip());
		CliRun tokensA = adminA.run("token", "list", "--account", a);
		check(tokensA);
		assertThat(tokensA.out()).contains(repository.toString());

		for (var other : List.of(new Object[] { adminA, b }, new Object[] { adminB, a })) {
			VaultCli admin = (VaultCli) other[0];
			String account = (String) other[1];
			denied(admin.run("account", "password", "--account", account), "'account'", "botkeeper-" + account);
			denied(admin.run("totp", "--account", account), "'code/account'", "botkeeper-totp-" + account);
			denied(admin.run("token", "list", "--account", account), "", "botkeeper-" + account);
			denied(admin.run("token", "show", repository.toString(), "--account", account), "", "botkeeper-" + account);
			// nor anything of the default bot; the refusal says how to name the bot
			denied(admin.run("account", "password"), "'account'", "'botkeeper'");
			assertThat(admin.run("account", "show").err()).contains("--account NAME");
		}
	}

	@Test
	void eachBotsRecoveryCodesShouldBeItsBreakGlassHoldersOnly() {
		for (String account : List.of(a, b)) {
			int count = account.equals(a) ? 16 : 10;
			check(as("breakglass", account).withStdin(AccountRecoveryCommandsIntegrationTests.lines(
					AccountRecoveryCommandsIntegrationTests.codes(count)), "account", "recovery", "set"));
		}

		CliRun countA = as("admin", a).run("account", "recovery", "count");
		CliRun countB = as("admin", b).run("account", "recovery", "count");
		CliRun acrossA = as("admin", a).run("account", "recovery", "count", "--account", b);
		CliRun acrossBreakGlass = as("breakglass", b).with("BOTKEEPER_ACCOUNT", a).run("account", "recovery", "use");

		check(countA);
		assertThat(countA.out()).contains("16 of 16 left");
		check(countB);
		assertThat(countB.out()).contains("10 of 10 left");
		denied(acrossA, "account-recovery", "botkeeper-" + b);
		denied(acrossBreakGlass, "account-recovery", "botkeeper-" + a);
	}

	@Test
	void theAccessReviewOfABotShouldListThatBotsPoliciesOnly() {
		CliRun review = VaultCli.as(vault, vault.server().rootToken()).run("access", "--account", a, "--format", "json");

		check(review);
		var findings = tools.jackson.databind.json.JsonMapper.builder().build().readTree(review.out());
		for (String asset : List.of("the bot's password", "the bot's 2FA code")) {
			List<String> policies = new ArrayList<>();
			for (var finding : findings) {
				if (finding.path("asset").asString().equals(asset)) {
					finding.path("grants").forEach(grant -> policies.add(grant.path("policy").asString()));
				}
			}
			assertThat(policies).as(asset).contains("botkeeper-admin-botkeeper-" + a, "botkeeper-breakglass-botkeeper-" + a)
				.noneMatch(policy -> policy.endsWith(b)).doesNotContain("botkeeper-admin", "botkeeper-breakglass");
		}
	}

	@Test
	void syncForOneBotShouldWriteItsOwnSecretAndNeverTakeOverTheOthers(GitHubContract github, @TempDir Path dir)
			throws IOException {
		SyncWorld world = new SyncWorld(vault, github);
		RepositoryName repository = world.repositoryWithEnvironment("shared");
		for (String account : List.of(a, b)) {
			check(as("admin", account).withStdin(github.newWriterToken() + "\n", "writer", "set", "--pat"));
		}
		String tokenA = LeakCanaries.fineGrainedPat();
		String tokenB = LeakCanaries.fineGrainedPat();
		check(as("admin", a).withStdin(tokenA + "\n", "token", "put", repository.toString()));
		check(as("admin", b).withStdin(tokenB + "\n", "token", "put", repository.toString()));
		VaultCli brokerA = as("broker", a).with("GITHUB_API_URL", world.apiUrl());
		VaultCli brokerB = as("broker", b).with("GITHUB_API_URL", world.apiUrl());

		CliRun syncA = brokerA.run("sync", "--yes", repository.toString());
		// The same environment and secret name: bot B's ledger does not own the secret bot A wrote.
		CliRun blocked = brokerB.run("sync", "--yes", repository.toString());

		check(syncA);
		assertThat(world.decrypted(repository)).isEqualTo(tokenA);
		assertThat(blocked.exitCode()).as("a blocked binding fails the sync: " + blocked.describe()).isEqualTo(1);
		assertThat(blocked.out() + blocked.err()).contains("BLOCKED").contains("--adopt");
		assertThat(world.decrypted(repository)).as("bot A's secret is untouched").isEqualTo(tokenA);

		// With a secret name of its own, bot B writes that one only.
		check(as("admin", b).withStdin(tokenB + "\n", "token", "put", repository.toString(), "--secret-name",
				"BOB_BOT_PAT"));
		CliRun syncB = brokerB.run("sync", "--yes", repository.toString());
		check(syncB);
		assertThat(world.decrypted(repository)).isEqualTo(tokenA);
		var secretB = world.environment(repository).secret("BOB_BOT_PAT");
		assertThat(secretB).isNotNull();
		assertThat(new String(secretB.plaintext(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(tokenB);
		CliRun statusA = as("admin", a).run("status", "--format", "json");
		check(statusA);
		assertThat(statusA.out()).contains("JUPYTERHUB_BOT_PAT").doesNotContain("BOB_BOT_PAT");

		// botkeeper.yaml declares the repository once per bot ('account'): each bot's records are held
		// against its own declaration, never against the other bot's (which names the other secret).
		Path file = dir.resolve("botkeeper.yaml");
		Files.writeString(file, "bindings:\n  - repository: " + repository + "\n    account: " + a.toUpperCase()
				+ "\n  - repository: " + repository + "\n    account: " + b + "\n    secret_name: BOB_BOT_PAT\n");
		CliRun declaredA = brokerA.run("sync", "--plan", "--config", file.toString(), repository.toString());
		CliRun declaredB = brokerB.run("sync", "--plan", "--config", file.toString(), repository.toString());
		check(declaredA);
		check(declaredB);
		assertThat(declaredA.err() + declaredB.err()).as(declaredA.describe() + declaredB.describe())
			.doesNotContain("is declared in")
			.doesNotContain("does not declare");
	}

	@Test
	void anAccountWithAMountOrABadNameShouldBeRefusedSayingWhatToWrite() {
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin-botkeeper-" + a));

		CliRun both = admin.run("account", "show", "--account", a, "--kv-mount", "botkeeper");
		CliRun leftover = admin.with("BOTKEEPER_KV_MOUNT", "botkeeper").run("token", "list", "--account", a);
		CliRun bad = admin.run("account", "show", "--account", "bots/" + a);

		assertThat(both.exitCode()).as(both.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(both.err()).contains("--account and --kv-mount both choose").contains("Give only one of them.");
		assertThat(leftover.exitCode()).as(leftover.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(leftover.err()).contains("unset BOTKEEPER_KV_MOUNT");
		assertThat(bad.exitCode()).as(bad.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(bad.err()).contains("Invalid account 'bots/" + a + "'").contains("letters, digits or single hyphens");
	}

	private static List<String> codes(String seed, long before, long after) {
		List<String> codes = new ArrayList<>();
		for (long step = before; step <= after; step++) {
			codes.add(Rfc6238.code(seed, "SHA1", 6, step));
		}
		return codes;
	}

	private static void check(CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

	private static void denied(CliRun run, String what, String mount) {
		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).as(run.describe()).contains("403").contains(what).contains(mount);
		assertThat(run.out()).as(run.describe()).isEmpty();
	}

}
