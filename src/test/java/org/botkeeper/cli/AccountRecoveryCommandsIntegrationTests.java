package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultHttp;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.PolicyDocuments;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code account recovery set|use|count|migrate} through the real command line, with tokens bound to the
 * shipped policies: only break-glass reads or writes the codes, admins see the count, nobody else sees
 * anything, and {@code account set} never drops codes. Each test starts without an account or codes.
 */
@ExtendWith(VaultServerExtension.class)
class AccountRecoveryCommandsIntegrationTests {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	@BeforeAll
	static void policies(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);
	}

	@BeforeEach
	void noAccountAndNoCodes(VaultFixture vault) {
		vault.root().delete("botkeeper/metadata/account-recovery");
		vault.root().delete("botkeeper/metadata/account");
	}

	@Test
	void setShouldStoreCodesOnlyBreakGlassReadsAndAdminsSeeOnlyTheCount(VaultFixture vault) {
		List<String> codes = codes(16);
		VaultCli breakglass = breakglass(vault);
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));

		CliRun set = breakglass.withStdin(lines(codes), "account", "recovery", "set");
		CliRun count = admin.run("account", "recovery", "count");
		CliRun json = admin.run("account", "recovery", "count", "--format", "json");

		assertThat(set.exitCode()).as(set.describe()).isZero();
		assertThat(set.out()).contains("Stored 16 recovery codes");
		assertThat(count.exitCode()).as(count.describe()).isZero();
		assertThat(count.out()).contains("recovery codes: 16 of 16 left");
		assertThat(json.out()).contains("\"recovery_codes\" : 16").contains("\"recovery_codes_total\" : 16");

		// What an admin could try with the admin policy, by hand: read the codes, forge codes or the count.
		VaultHttp adminHttp = vault.http(vault.tokenWithPolicies("botkeeper-admin"));
		VaultHttp.Response read = adminHttp.get("botkeeper/data/account-recovery");
		VaultHttp.Response readOld = adminHttp.get("botkeeper/data/account-recovery?version=1");
		VaultHttp.Response forgeCodes = adminHttp.post("botkeeper/data/account-recovery",
				"{\"data\":{\"unused\":\"aaaaa-aaaaa\\n\"}}");
		VaultHttp.Response forgeCount = adminHttp.post("botkeeper/metadata/account-recovery",
				"{\"custom_metadata\":{\"unused\":\"99\"}}");
		VaultHttp.Response dropCodes = adminHttp.delete("botkeeper/metadata/account-recovery");
		assertThat(List.of(read.status(), readOld.status(), forgeCodes.status(), forgeCount.status(), dropCodes.status()))
			.as("admin: read, read version 1, write codes, write the count, delete the record")
			.containsOnly(403);
		LeakCanaries.assertNoLeak("the admin's denied read of account-recovery", read.body() + readOld.body());
		CliRun adminUse = admin.run("account", "recovery", "use");
		CliRun adminSet = admin.withStdin(lines(codes(16)), "account", "recovery", "set", "--replace");
		assertThat(adminUse.exitCode()).as(adminUse.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(adminUse.err()).contains("403 permission denied").contains("botkeeper-breakglass");
		assertThat(adminUse.out()).isEmpty();
		assertThat(adminSet.exitCode()).as(adminSet.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(adminSet.err()).contains("403 permission denied").contains("botkeeper-breakglass");
		assertThat(admin.run("account", "recovery", "count").out()).as("nothing the admin tried changed the codes")
			.contains("16 of 16 left");

		for (String policy : List.of("botkeeper-auditor", "botkeeper-broker")) {
			CliRun denied = VaultCli.as(vault, vault.tokenWithPolicies(policy)).run("account", "recovery", "count");
			assertThat(denied.exitCode()).as(policy + ": " + denied.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(denied.err()).as(policy).contains("403 permission denied");
			assertThat(vault.http(vault.tokenWithPolicies(policy)).get("botkeeper/data/account-recovery").status())
				.as(policy).isEqualTo(403);
		}
	}

	@Test
	void setShouldRefuseBadLinesDuplicatesAndReplacingUnusedCodesWithoutReplace(VaultFixture vault) {
		VaultCli breakglass = breakglass(vault);
		List<String> first = codes(16);
		String notACode = LeakCanaries.password();
		List<String> withBadLine = new ArrayList<>(codes(3));
		withBadLine.add(1, notACode);
		List<String> duplicate = codes(3);
		duplicate.add(duplicate.get(0));

		CliRun bad = breakglass.withStdin(lines(withBadLine), "account", "recovery", "set");
		CliRun twice = breakglass.withStdin(lines(duplicate), "account", "recovery", "set");
		CliRun none = breakglass.withStdin("\n", "account", "recovery", "set");
		CliRun stored = breakglass.withStdin(lines(first), "account", "recovery", "set");
		CliRun again = breakglass.withStdin(lines(codes(16)), "account", "recovery", "set");
		CliRun replaced = breakglass.withStdin(lines(codes(10)), "account", "recovery", "set", "--replace");

		assertThat(bad.exitCode()).as(bad.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(bad.err()).contains("Line 2 is not a GitHub recovery code").contains("Nothing was stored");
		assertThat(twice.exitCode()).as(twice.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(twice.err()).contains("Recovery codes 1 and 4 are the same");
		assertThat(none.exitCode()).as(none.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(stored.exitCode()).as(stored.describe()).isZero();
		assertThat(stored.out()).contains("as version 1");
		assertThat(again.exitCode()).as(again.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(again.err()).contains("still holds 16 unused recovery codes").contains("--replace");
		assertThat(replaced.exitCode()).as(replaced.describe()).isZero();
		assertThat(replaced.out()).contains("Stored 10 recovery codes").contains("as version 2");
	}

	@Test
	void useShouldHandEachCodeOnceEvenToPeopleTakingCodesAtTheSameTime(VaultFixture vault) throws Exception {
		List<String> codes = codes(16);
		String token = vault.tokenWithPolicies("botkeeper-breakglass");
		assertThat(VaultCli.as(vault, token).withStdin(lines(codes), "account", "recovery", "set").exitCode()).isZero();

		int people = 8;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Piped>> runs = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(people);
		try {
			for (int i = 0; i < people; i++) {
				runs.add(pool.submit(() -> {
					start.await();
					return piped(vault, token, "account", "recovery", "use");
				}));
			}
			start.countDown();
			List<String> taken = new ArrayList<>();
			for (Future<Piped> run : runs) {
				Piped result = run.get();
				assertThat(result.exitCode()).as(result.err()).isZero();
				assertThat(result.err()).contains("Marked one recovery code used");
				taken.add(result.out().strip());
			}
			for (int i = people; i < codes.size(); i++) {
				Piped result = piped(vault, token, "account", "recovery", "use");
				assertThat(result.exitCode()).as(result.err()).isZero();
				taken.add(result.out().strip());
			}
			// Compared as counts and booleans, so a failure message never prints a code.
			assertThat(new HashSet<>(taken.subList(0, people)).size()).as("distinct codes among %d taken at once", people)
				.isEqualTo(people);
			assertThat(new HashSet<>(taken).size()).as("distinct codes among all taken").isEqualTo(codes.size());
			assertThat(Set.copyOf(codes).containsAll(taken)).as("every code taken is one of the stored codes").isTrue();
		}
		finally {
			pool.shutdownNow();
		}

		Piped empty = piped(vault, token, "account", "recovery", "use");
		CliRun count = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin")).run("account", "recovery", "count");
		assertThat(empty.exitCode()).as(empty.err()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(empty.err()).contains("No unused recovery code left").contains("all 16 used");
		assertThat(empty.out()).isEmpty();
		assertThat(count.out()).contains("0 of 16 left");
	}

	@Test
	void useShouldRefuseOnATerminalAndMarkNothing(VaultFixture vault) {
		VaultCli breakglass = breakglass(vault);
		breakglass.withStdin(lines(codes(16)), "account", "recovery", "set");

		CliRun refused = breakglass.onTerminal(List.of(), "account", "recovery", "use");
		CliRun count = breakglass.run("account", "recovery", "count", "--format", "json");

		assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(refused.err()).contains("Not printing a recovery code on a terminal").contains("no code was marked used");
		assertThat(refused.out()).isEmpty();
		assertThat(count.out()).as("no new version, nothing used").contains("\"recovery_codes\" : 16")
			.contains("\"version\" : 1");
	}

	@Test
	void accountSetShouldLeaveTheCodesAlone(VaultFixture vault) {
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		String token = vault.tokenWithPolicies("botkeeper-breakglass");
		VaultCli.as(vault, token).withStdin(lines(codes(16)), "account", "recovery", "set");
		assertThat(piped(vault, token, "account", "recovery", "use").exitCode()).isZero();

		CliRun set = admin.withStdin(LeakCanaries.password() + "\n", "account", "set", "--login", "jupyterhub-bot");
		CliRun setAgain = admin.withStdin(LeakCanaries.password() + "\n", "account", "set", "--login", "jupyterhub-bot");
		CliRun show = admin.run("account", "show");

		assertThat(set.exitCode()).as(set.describe()).isZero();
		assertThat(setAgain.exitCode()).as(setAgain.describe()).isZero();
		assertThat(show.out()).contains("jupyterhub-bot").contains("recovery codes: 15 of 16 left");
		assertThat(vault.root().read("botkeeper/metadata/account-recovery").getData().get("current_version").toString())
			.as("account set wrote nothing to account-recovery").isEqualTo("2");
	}

	@Test
	void accountSetShouldKeepCodesAnEarlierVersionStoredInTheAccountRecord(VaultFixture vault) {
		List<String> codes = codes(3);
		oldLayoutAccount(vault, codes);
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));

		CliRun set = admin.withStdin(LeakCanaries.password() + "\n", "account", "set", "--login", "jupyterhub-bot");
		CliRun show = admin.run("account", "show");
		CliRun flag = admin.withStdin(LeakCanaries.password() + "\n" + codes.get(0) + "\n\n", "account", "set", "--login",
				"jupyterhub-bot", "--recovery-codes");

		assertThat(set.exitCode()).as(set.describe()).isZero();
		assertThat(set.out()).contains("as version 2");
		assertThat(set.err()).contains("Kept the 3 2FA recovery codes").contains("botkeeper account recovery migrate");
		Object kept = vault.root().read("botkeeper/data/account").getData().get("data") instanceof Map<?, ?> data
				? data.get("recovery_codes") : null;
		assertThat(String.join("\n", codes).equals(kept)).as("version 2 still holds the 3 codes").isTrue();
		assertThat(show.out()).contains("recovery codes: 3 in the account record (old layout)");
		assertThat(show.err()).contains("account recovery migrate");
		assertThat(flag.exitCode()).as(flag.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(flag.err()).contains("botkeeper account recovery set");
	}

	@Test
	void migrateShouldMoveOldCodesToBreakGlassAndDestroyTheVersionsAdminsCouldRead(VaultFixture vault) {
		List<String> codes = codes(16);
		oldLayoutAccount(vault, codes);
		// An earlier 'account set' without --recovery-codes wrote version 2 without them: silently dropped.
		vault.root().write("botkeeper/data/account",
				Map.of("data", Map.of("login", "jupyterhub-bot", "password", LeakCanaries.password())));
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		String breakglass = vault.tokenWithPolicies("botkeeper-breakglass");

		CliRun byAdmin = admin.run("account", "recovery", "migrate");
		CliRun migrated = VaultCli.as(vault, breakglass).run("account", "recovery", "migrate");
		CliRun again = VaultCli.as(vault, breakglass).run("account", "recovery", "migrate");
		CliRun count = admin.run("account", "recovery", "count");
		VaultHttp.Response oldVersion = vault.http(vault.tokenWithPolicies("botkeeper-admin"))
			.get("botkeeper/data/account?version=1");
		Piped used = piped(vault, breakglass, "account", "recovery", "use");

		assertThat(byAdmin.exitCode()).as(byAdmin.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(byAdmin.err()).contains("403").contains("botkeeper-breakglass");
		assertThat(migrated.exitCode()).as(migrated.describe()).isZero();
		assertThat(migrated.out()).contains("Moved 16 recovery codes from version 1 of 'account'")
			.contains("Destroyed the versions of 'account' that held codes: 1.");
		assertThat(migrated.err()).contains("Admins could write the account record").contains("--replace");
		assertThat(again.out()).contains("nothing to move");
		assertThat(count.out()).contains("16 of 16 left");
		assertThat(oldVersion.body()).contains("\"destroyed\":true");
		LeakCanaries.assertNoLeak("the admin's read of the destroyed version", oldVersion.body());
		assertThat(used.exitCode()).as(used.err()).isZero();
		assertThat(used.out().strip().equals(codes.get(0))).as("the first code GitHub listed is used first").isTrue();
	}

	@Test
	void migrateShouldNeverImportCodesWrittenIntoTheAccountRecordAfterBreakGlassStoredTheRealOnes(VaultFixture vault) {
		List<String> real = codes(16);
		String breakglass = vault.tokenWithPolicies("botkeeper-breakglass");
		VaultCli.as(vault, breakglass).withStdin(lines(real), "account", "recovery", "set");
		// An admin may write the account record any way they like, e.g. with codes of their own.
		VaultHttp adminHttp = vault.http(vault.tokenWithPolicies("botkeeper-admin"));
		String forged = lines(codes(2)).replace("\n", "\\n");
		assertThat(adminHttp.post("botkeeper/data/account", "{\"data\":{\"login\":\"jupyterhub-bot\",\"password\":\""
				+ LeakCanaries.password() + "\",\"recovery_codes\":\"" + forged + "\"}}").status()).isEqualTo(200);

		CliRun migrated = VaultCli.as(vault, breakglass).run("account", "recovery", "migrate");
		Piped used = piped(vault, breakglass, "account", "recovery", "use");
		Object left = vault.root().read("botkeeper/data/account").getData().get("data") instanceof Map<?, ?> data
				? data.get("recovery_codes") : "unreadable";

		assertThat(migrated.exitCode()).as(migrated.describe()).isZero();
		assertThat(migrated.out()).contains("Did not import").contains("Wrote 'account' version 2 without them");
		assertThat(left).as("the account record holds no codes").isNull();
		assertThat(used.out().strip().equals(real.get(0))).as("the codes in use are the real ones").isTrue();
	}

	/** A record as botkeeper before 'account-recovery' wrote it: codes in the account's data, count in metadata. */
	private static void oldLayoutAccount(VaultFixture vault, List<String> codes) {
		vault.root().write("botkeeper/data/account", Map.of("data",
				Map.of("login", "jupyterhub-bot", "password", LeakCanaries.password(), "recovery_codes",
						String.join("\n", codes))));
		vault.root().write("botkeeper/metadata/account",
				Map.of("custom_metadata", Map.of("login", "jupyterhub-bot", "recovery_codes", Integer.toString(codes.size()))));
	}

	private static VaultCli breakglass(VaultFixture vault) {
		return VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-breakglass"));
	}

	/** Fresh canary codes shaped like GitHub's: five letters or digits, '-', five more (AccountsCommandIntegrationTests too). */
	static List<String> codes(int count) {
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			StringBuilder code = new StringBuilder();
			for (int j = 0; j < 10; j++) {
				code.append(j == 5 ? "-" : "").append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
			}
			codes.add(LeakCanaries.plant(code.toString()));
		}
		return codes;
	}

	static String lines(List<String> codes) {
		return String.join("\n", codes) + "\n";
	}

	/** A run whose stdout is a pipe that may carry a code; stdout is kept in memory, stderr is checked for canaries. */
	private record Piped(int exitCode, String out, String err) {

		@Override
		public String toString() {
			return "exit " + exitCode + ", stderr:\n" + err;
		}

	}

	private static Piped piped(VaultFixture vault, String token, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		var commandLine = BotkeeperCommand.commandLine(new ByteArrayInputStream(new byte[0]), Map.of("VAULT_ADDR",
				vault.server().address().toString(), "VAULT_TOKEN", token, "HOME", "/nonexistent"));
		commandLine.setOut(new PrintWriter(out, true));
		commandLine.setErr(new PrintWriter(err, true));
		int code = commandLine.execute(args);
		LeakCanaries.assertNoLeak("stderr of 'botkeeper " + String.join(" ", args) + "'", err.toString());
		return new Piped(code, out.toString(), err.toString());
	}

}
