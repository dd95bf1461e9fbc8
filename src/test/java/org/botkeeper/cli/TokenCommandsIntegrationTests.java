package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.PolicyDocuments;
import org.botkeeper.vault.StoredToken;
import org.botkeeper.vault.TokenDefaults;
import org.botkeeper.vault.TokenStore;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultLayout;
import org.botkeeper.vault.VaultSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code token put|list|show|rm} through the real command line, as an admin, a maintainer and the broker. */
@ExtendWith(VaultServerExtension.class)
class TokenCommandsIntegrationTests {

	private VaultCli admin;

	private String repo;

	@BeforeAll
	static void policies(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		vault.ensureTotp("botkeeper-totp");
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);
	}

	@BeforeEach
	void setUp(VaultFixture vault) {
		admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		repo = "tk-" + UUID.randomUUID().toString().substring(0, 8) + "/binderhub";
	}

	@Test
	void putShouldStoreTheTokenWithItsBindingAndTheBrokerShouldReadExactlyThatVersion(VaultFixture vault) {
		String token = LeakCanaries.fineGrainedPat();
		String expires = LocalDate.now().plusDays(90).toString();

		CliRun put = admin.withStdin(token + "\n", "token", "put", repo, "--expires", expires, "--note", "first one");

		assertThat(put.exitCode()).as(put.describe()).isZero();
		assertThat(put.out()).contains(repo + ":jupyterhub-bot/JUPYTERHUB_BOT_PAT").contains("version 1")
			.contains("fine-grained");
		try (StoredToken stored = brokerStore(vault).read(RepositoryName.parse(repo)).orElseThrow()) {
			assertThat(stored.value().reveal()).isEqualTo(token);
			assertThat(stored.record().version()).isEqualTo(1);
			assertThat(stored.record().expiresAt()).hasToString(expires);
			assertThat(stored.record().note()).isEqualTo("first one");
			assertThat(stored.record().writtenBy()).as("Vault's name for the writer, stored with the value").isNotBlank();
			assertThat(stored.record().verified()).isTrue();
			assertThat(stored.toString()).doesNotContain(token);
		}
	}

	@Test
	void aSecondPutShouldKeepTheBindingAndCountTheVersionUnlessTold(VaultFixture vault) {
		admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo, "--environment", "deploy",
				"--secret-name", "BOT_TOKEN");
		CliRun second = admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo, "--format", "json");

		assertThat(second.exitCode()).as(second.describe()).isZero();
		assertThat(second.out()).contains("\"binding\" : \"" + repo + ":deploy/BOT_TOKEN\"").contains("\"version\" : 2")
			.contains("\"kind\" : \"classic_pat\"");
	}

	@Test
	void putWithAStaleCheckAndSetVersionShouldWriteNothingAndSaySo(VaultFixture vault) {
		admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo);
		String second = LeakCanaries.classicPat();
		admin.withStdin(second + "\n", "token", "put", repo);

		// An admin who looked at version 1 tries to write over version 2.
		CliRun stale = admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo, "--cas", "1");
		CliRun create = admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo, "--cas", "0");

		assertThat(stale.exitCode()).as(stale.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(stale.err()).contains("Not written: 'tokens/" + repo + "' is at version 2, and --cas 1 writes only "
				+ "over version 1.");
		assertThat(create.exitCode()).as(create.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(create.err()).contains("is at version 2, and --cas 0 writes only a record that does not exist yet");
		try (StoredToken stored = brokerStore(vault).read(RepositoryName.parse(repo)).orElseThrow()) {
			assertThat(stored.record().version()).isEqualTo(2);
			assertThat(stored.value().reveal()).isEqualTo(second);
		}
	}

	@Test
	void putShouldKeepTheStoredExpiryUnlessGivenOrDropped(VaultFixture vault) {
		String expires = LocalDate.now().plusDays(60).toString();
		String later = LocalDate.now().plusDays(120).toString();
		admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo, "--expires", expires);

		CliRun kept = admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo);
		LocalDate afterKept = brokerExpiry(vault);
		CliRun json = admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo, "--format", "json");
		CliRun changed = admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo, "--expires", later);
		LocalDate afterChanged = brokerExpiry(vault);
		CliRun dropped = admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo, "--no-expiry");
		LocalDate afterDropped = brokerExpiry(vault);
		CliRun both = admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo, "--expires", later,
				"--no-expiry");

		assertThat(kept.exitCode()).as(kept.describe()).isZero();
		assertThat(kept.out()).contains("as version 2, expiring " + expires + " as the record said");
		assertThat(afterKept).as("the kept expiry is written with the new value").hasToString(expires);
		assertThat(json.out()).contains("\"expires_at\" : \"" + expires + "\"").contains("\"expiry_kept\" : true");
		assertThat(changed.out()).doesNotContain("as the record said");
		assertThat(afterChanged).hasToString(later);
		assertThat(dropped.exitCode()).as(dropped.describe()).isZero();
		assertThat(afterDropped).isNull();
		assertThat(admin.run("token", "show", repo, "--format", "json").out()).contains("\"expires_at\" : null");
		assertThat(both.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
	}

	@Test
	@SuppressWarnings("unchecked")
	void putShouldNotCarryAnExpiryThatIsPastOverToANewToken(VaultFixture vault) {
		admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo, "--expires",
				LocalDate.now().plusDays(30).toString());
		// The display copy in custom_metadata, as anyone with metadata access could edit it.
		var custom = new java.util.HashMap<String, Object>(vault.root()
			.read("botkeeper/metadata/tokens/" + repo)
			.getRequiredData()
			.get("custom_metadata") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of());
		custom.put("expires_at", "2001-01-01");
		vault.root().write("botkeeper/metadata/tokens/" + repo, Map.of("custom_metadata", custom));

		CliRun put = admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo);

		assertThat(put.exitCode()).as(put.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(put.err()).contains("expired on 2001-01-01").contains("--expires").contains("--no-expiry")
			.contains("Nothing was stored");
		assertThat(brokerStore(vault).read(RepositoryName.parse(repo)).orElseThrow().record().version()).isEqualTo(1);
	}

	@Test
	void aDashShouldMeanStdinAndAnythingElseThereShouldBeRefusedWithoutEchoingIt(VaultFixture vault) {
		String token = LeakCanaries.fineGrainedPat();

		CliRun dash = admin.withStdin(token + "\n", "token", "put", repo, "-", "--note", "via dash");
		CliRun argv = admin.withStdin("", "token", "put", repo, LeakCanaries.classicPat());

		assertThat(dash.exitCode()).as(dash.describe()).isZero();
		try (StoredToken stored = brokerStore(vault).read(RepositoryName.parse(repo)).orElseThrow()) {
			assertThat(stored.value().reveal()).isEqualTo(token);
		}
		assertThat(argv.exitCode()).as(argv.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(argv.err()).contains("only '-' (stdin) may follow here");
	}

	private LocalDate brokerExpiry(VaultFixture vault) {
		try (StoredToken stored = brokerStore(vault).read(RepositoryName.parse(repo)).orElseThrow()) {
			return stored.record().expiresAt();
		}
	}

	@Test
	void putShouldRefuseValuesThatAreNotGitHubTokensAndNameTheKnownPrefixes() {
		String password = LeakCanaries.password();
		CliRun run = admin.withStdin(password + "\n", "token", "put", repo);
		CliRun empty = admin.withStdin("", "token", "put", repo);

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains("does not look like a GitHub token")
			.contains("ghp_, ")
			.contains("github_pat_")
			.contains("gho_")
			.contains("ghu_")
			.contains("ghs_")
			.contains("ghr_");
		assertThat(empty.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(admin.run("token", "show", repo).exitCode()).as("nothing stored").isEqualTo(ExitCodes.REMOTE_FAILURE);
	}

	@Test
	void badNamesAndDatesShouldBeRefusedBeforeAnyRequest() {
		String token = LeakCanaries.classicPat() + "\n";
		// An unreachable server proves no request is sent: these fail with 2, not with 1.
		VaultCli offline = admin.with("VAULT_ADDR", "http://127.0.0.1:1");
		for (List<String> args : List.of(List.of("token", "put", "not-a-repo"), List.of("token", "put", "-bad/repo"),
				List.of("token", "put", repo, "--secret-name", "GITHUB_TOKEN"),
				List.of("token", "put", repo, "--secret-name", "1ABC"),
				List.of("token", "put", repo, "--environment", "x".repeat(256)),
				List.of("token", "put", repo, "--environment", "a\tb"),
				List.of("token", "put", repo, "--expires", "31.12.2030"),
				List.of("token", "put", repo, "--expires", "2001-01-01"), List.of("token", "show", "a/b/c"),
				List.of("token", "rm", repo))) {
			CliRun run = offline.withStdin(token, args.toArray(String[]::new));
			assertThat(run.exitCode()).as("%s: %s", args, run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
			assertThat(run.err()).as("%s", args).doesNotContain("Exception").isNotBlank();
		}
	}

	@Test
	void listAndShowShouldPrintMetadataButNeverTheValue() {
		String token = LeakCanaries.fineGrainedPat();
		admin.withStdin(token + "\n", "token", "put", repo, "--note", "for the list");

		CliRun table = admin.run("token", "list");
		CliRun json = admin.run("token", "list", "--format", "json");
		CliRun show = admin.run("token", "show", repo);

		assertThat(table.exitCode()).as(table.describe()).isZero();
		assertThat(table.out()).startsWith("BINDING").contains("for the list");
		assertThat(json.out()).startsWith("[").contains("\"repository\" : \"" + repo + "\"");
		assertThat(show.out()).contains("binding:").contains("version:").contains("for the list");
	}

	@Test
	void tablesShouldFit120ColumnsWithShortDefaultBindingsAndTimesToTheSecondUnlessWide() {
		String deployed = repo.replace("/binderhub", "/deployed");
		String note = "rotated after the incident of last week; ask minrk before changing it, " + "x".repeat(120);
		admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo, "--note", note);
		admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", deployed, "--environment", "deploy",
				"--secret-name", "BOT_TOKEN");

		CliRun table = admin.run("token", "list");
		CliRun wide = admin.run("token", "list", "--wide");

		assertThat(table.exitCode()).as(table.describe()).isZero();
		List<String> lines = table.out().lines().toList();
		int at = lines.indexOf(lines.stream().filter(line -> line.startsWith(repo + " ")).findFirst().orElseThrow());
		assertThat(lines.get(at)).as("default binding shown as the repository").doesNotContain(":jupyterhub-bot")
			// Only the note's first word: how much of it fits depends on the widest binding in the shared Vault.
			.containsPattern(" \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  rotated");
		int column = lines.get(at).indexOf("rotated");
		StringBuilder wrapped = new StringBuilder(lines.get(at).substring(column));
		for (int next = at + 1; next < lines.size() && lines.get(next).startsWith(" ".repeat(column)); next++) {
			wrapped.append(' ').append(lines.get(next).strip());
		}
		assertThat(wrapped.toString().replace(" ", "")).as("the note goes on under its column, nothing cut")
			.isEqualTo(note.replace(" ", ""));
		assertThat(table.out()).contains(deployed + ":deploy/BOT_TOKEN ");
		assertThat(table.out().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(120));
		assertThat(table.err()).contains("A binding shown as OWNER/REPO goes to environment 'jupyterhub-bot', secret "
				+ "JUPYTERHUB_BOT_PAT");
		assertThat(wide.out()).contains(repo + ":jupyterhub-bot/JUPYTERHUB_BOT_PAT ").contains(note)
			.contains(deployed + ":deploy/BOT_TOKEN ");
		assertThat(wide.err()).doesNotContain("A binding shown as");
	}

	@Test
	void aMountOrNamespaceThatDoesNotExistShouldBeAnErrorNotAnEmptyList(VaultFixture vault) {
		CliRun mount = admin.run("token", "list", "--kv-mount", "nosuch");
		CliRun json = admin.run("token", "list", "--kv-mount", "nosuch", "--format", "json");
		CliRun root = VaultCli.as(vault, vault.server().rootToken()).run("token", "list", "--kv-mount", "nosuch");

		for (CliRun run : List.of(mount, json, root)) {
			assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(run.err()).contains("no mount 'nosuch'").contains("botkeeper vault init").contains("--kv-mount")
				.doesNotContain("No tokens");
			assertThat(run.out()).isEmpty();
		}
		// HashiCorp Vault without Enterprise ignores namespaces; OpenBao has them and says when one is missing.
		if (vault.server().engine() == org.botkeeper.devvault.DevVault.Engine.OPENBAO) {
			CliRun namespace = admin.with("VAULT_NAMESPACE", "nosuch-ns").run("token", "list");
			assertThat(namespace.exitCode()).as(namespace.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(namespace.err()).contains("no namespace 'nosuch-ns'").contains("VAULT_NAMESPACE");
		}
	}

	@Test
	void rmShouldNeedYesWithoutATerminalAndThenDeleteEveryVersion() {
		admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo);

		CliRun refused = admin.run("token", "rm", repo);
		CliRun removed = admin.run("token", "rm", repo, "--yes");
		CliRun again = admin.run("token", "rm", repo, "--yes");

		assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(refused.err()).contains("--yes");
		assertThat(removed.exitCode()).as(removed.describe()).isZero();
		assertThat(admin.run("token", "show", repo).err()).contains("No token for " + repo);
		assertThat(again.exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
	}

	@Test
	void aMaintainerShouldManageTheirRepositoryOnly(VaultFixture vault) {
		String other = repo.replace("/binderhub", "/other");
		String policy = "botkeeper-maintainer-" + repo.substring(0, repo.indexOf('/'));
		CliRun generated = VaultCli.as(vault, vault.server().rootToken())
			.run("vault", "policy", "maintainer", "--repo", repo, "--name", policy, "--write");
		assertThat(generated.exitCode()).as(generated.describe()).isZero();
		VaultCli maintainer = VaultCli.as(vault, vault.tokenWithPolicies(policy));

		CliRun own = maintainer.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo);
		CliRun foreign = maintainer.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", other);

		admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", other);
		CliRun list = maintainer.run("token", "list");

		assertThat(own.exitCode()).as(own.describe()).isZero();
		assertThat(maintainer.run("token", "show", repo).exitCode()).isZero();
		assertThat(list.exitCode()).as(list.describe()).isZero();
		assertThat(list.out()).contains(repo).doesNotContain(other);
		assertThat(list.err()).contains("1 more token record exists that your policy does not let you read");
		assertThat(foreign.exitCode()).as(foreign.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(foreign.err()).contains("403 permission denied").contains(other);
		assertThat(maintainer.run("token", "rm", repo, "--yes").exitCode()).isZero();
	}

	@Test
	void theAuditorShouldListButAnAdminShouldNotReadTokenValues(VaultFixture vault) {
		String token = LeakCanaries.classicPat();
		admin.withStdin(token + "\n", "token", "put", repo);
		CliRun audit = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-auditor")).run("token", "list");
		assertThat(audit.exitCode()).as(audit.describe()).isZero();
		assertThat(audit.out()).contains(repo);
		var read = vault.http(vault.tokenWithPolicies("botkeeper-admin")).get("botkeeper/data/tokens/" + repo);
		assertThat(read.status()).isEqualTo(403);
	}

	private static TokenStore brokerStore(VaultFixture vault) {
		VaultConnection broker = VaultConnection.open(VaultSettings.fromEnvironment(Map.of("VAULT_ADDR",
				vault.server().address().toString(), "VAULT_TOKEN", vault.tokenWithPolicies("botkeeper-broker"))));
		return new TokenStore(broker, VaultLayout.defaults(), TokenDefaults.fromEnvironment(Map.of()),
				"botkeeper-broker");
	}

}
