package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.botkeeper.devvault.DevVault;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.AuditedVault;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DedicatedVault;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.vault.support.VaultMount;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trail end to end on a server of this class's own with a file audit device: OpenBao declares it in
 * the server's configuration ({@code -config} beside {@code -dev}), where {@code vault init --audit-file}
 * only finds it; HashiCorp Vault gets it from {@code vault init --audit-file}. Then a userpass user, an
 * AppRole login and a token with a policy read and write through the real CLI, and {@code botkeeper audit}
 * must name each with its display name and policies, the denied reads as denied, and no secret or token.
 */
class AuditCommandIntegrationTests {

	private static DedicatedVault server;

	private static VaultFixture vault;

	private static Path log;

	private static DevVault.Engine engine;

	private static final List<String> TOKENS = new ArrayList<>();

	@BeforeAll
	static void start() throws Exception {
		AuditedVault audited = AuditedVault.start("vault-audit");
		server = audited.server();
		log = audited.log();
		engine = audited.engine();
		vault = server.fixture();
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void auditShouldNameWhoReadWhatAndAlertOnThePassword() throws Exception {
		VaultCli root = VaultCli.as(vault, server.server().rootToken());
		enableTheDevice(root);

		String password = LeakCanaries.password();
		String pat = LeakCanaries.fineGrainedPat();
		assertThat(root.withStdin(LeakCanaries.totpSeed() + "\n", "totp", "import").exitCode()).isZero();
		vault.root().opsForSys().authMount("userpass", VaultMount.create("userpass"));
		String userPassword = LeakCanaries.password();
		vault.root().write("auth/userpass/users/alice", Map.of("password", userPassword, "token_policies", "botkeeper-admin"));
		String alice = token(vault.root().write("auth/userpass/login/alice", Map.of("password", userPassword)).getAuth());
		String roleId = vault.root().read("auth/approle/role/botkeeper-broker/role-id").getData().get("role_id").toString();
		String secretId = LeakCanaries.plant(
				vault.root().write("auth/approle/role/botkeeper-broker/secret-id", Map.of()).getData().get("secret_id").toString());
		String broker = token(vault.root().write("auth/approle/login", Map.of("role_id", roleId, "secret_id", secretId)).getAuth());
		String auditor = vault.tokenWithPolicies("botkeeper-auditor");
		TOKENS.addAll(List.of(server.server().rootToken(), alice, broker, auditor, secretId));

		VaultCli admin = VaultCli.as(vault, alice);
		assertThat(admin.withStdin("audit-bot\n" + password + "\n", "account", "set").exitCode()).isZero();
		assertThat(readPassword(alice)).as("alice reads the password").isEqualTo(password);
		assertThat(admin.run("totp", "code").exitCode()).isZero();
		assertThat(admin.withStdin(pat + "\n", "token", "put", "acme/app").exitCode()).isZero();
		// The broker reads the token, then cannot reach GitHub (nothing listens there): the read is what counts.
		VaultCli.as(vault, broker).with("GITHUB_API_URL", "http://127.0.0.1:9").run("token", "check", "acme/app");
		assertThat(VaultCli.as(vault, broker).run("account", "password").exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(VaultCli.as(vault, auditor).run("totp", "code").exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);

		CliRun json = CliRun.run("audit", "--file", log.toString(), "--format", "json");
		CliRun table = CliRun.run("audit", "--file", log.toString(), "--detailed-exitcode");

		assertThat(json.exitCode()).as(json.describe()).isZero();
		JsonNode events = JsonMapper.builder().build().readTree(json.out());
		JsonNode read = only(events, "the bot's password", "read", "ok");
		assertThat(read.get("display_name").asString()).isEqualTo("userpass-alice");
		assertThat(read.get("policies").toString()).contains("botkeeper-admin");
		assertThat(read.get("entity_id").asString()).isNotEmpty();
		assertThat(read.get("alert").asBoolean()).isTrue();
		assertThat(only(events, "the bot's password", "wrote", "ok").get("display_name").asString()).isEqualTo("userpass-alice");
		assertThat(only(events, "the bot's 2FA code", "got a code", "ok").get("display_name").asString())
			.isEqualTo("userpass-alice");
		assertThat(only(events, "the token of acme/app", "wrote", "ok").get("display_name").asString())
			.isEqualTo("userpass-alice");
		JsonNode tokenRead = only(events, "the token of acme/app", "read", "ok");
		assertThat(tokenRead.get("display_name").asString()).isEqualTo("approle");
		assertThat(tokenRead.get("policies").toString()).contains("botkeeper-broker");
		JsonNode denied = only(events, "the bot's password", "read", "denied");
		assertThat(denied.get("display_name").asString()).isEqualTo("approle");
		assertThat(denied.get("alert").asBoolean()).isTrue();
		JsonNode code = only(events, "the bot's 2FA code", "got a code", "denied");
		assertThat(code.get("policies").toString()).contains("botkeeper-auditor");
		assertThat(code.get("alert").asBoolean()).isFalse();
		assertThat(code.get("request_id").asString()).isNotEmpty();
		assertThat(code.get("remote_address").asString()).isEqualTo("127.0.0.1");

		assertThat(table.exitCode()).as(table.describe()).isEqualTo(ExitCodes.NEEDS_ATTENTION);
		assertThat(table.out()).containsPattern("(?m)^!\\s+\\S+\\s+approle\\s+read\\s+the bot's password\\s+denied");
		for (CliRun run : List.of(json, table)) {
			LeakCanaries.assertNoLeak("audit", run.out() + run.err());
			assertThat(run.out() + run.err()).doesNotContain("hmac-sha256", "client_token", "accessor");
			for (String token : TOKENS) {
				assertThat(run.out() + run.err()).as("a Vault token or secret id").doesNotContain(token);
			}
		}
		assertThat(Files.readString(log)).as("the log itself holds no value either").doesNotContain(password, pat);
	}

	/** OpenBao: found declared, and another path refused with the stanza; Vault: planned, enabled, then unchanged. */
	private void enableTheDevice(VaultCli root) {
		if (engine == DevVault.Engine.OPENBAO) {
			Path elsewhere = log.resolveSibling("elsewhere.log");
			CliRun refused = root.run("vault", "init", "--audit-file", elsewhere.toString(), "--plan");
			assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(refused.err()).contains("OpenBao enables audit devices only from its configuration file")
				.contains("audit \"file\" \"botkeeper\" {\n  options {\n    file_path = \"" + elsewhere + "\"\n  }\n}");
		}
		else {
			CliRun plan = root.run("vault", "init", "--audit-file", log.toString(), "--plan");
			assertThat(plan.exitCode()).as(plan.describe()).isZero();
			assertThat(plan.out()).containsPattern("create\\s+audit device botkeeper/");
			assertThat(log).as("a plan writes nothing").doesNotExist();
		}
		CliRun init = root.run("vault", "init", "--audit-file", log.toString());
		assertThat(init.exitCode()).as(init.describe()).isZero();
		CliRun again = root.run("vault", "init", "--audit-file", log.toString());
		assertThat(again.out()).containsPattern("unchanged\\s+audit device botkeeper/");
		assertThat(again.err()).contains("Nothing changed");
	}

	/** Through the real command line, with stdout captured here: CliRun's sweep would rightly flag the password. */
	private static String readPassword(String token) {
		StringWriter out = new StringWriter();
		var commandLine = BotkeeperCommand.commandLine(new ByteArrayInputStream(new byte[0]),
				Map.of("VAULT_ADDR", vault.server().address().toString(), "VAULT_TOKEN", token, "HOME", "/nonexistent"));
		commandLine.setOut(new PrintWriter(out, true));
		assertThat(commandLine.execute("account", "password")).isZero();
		return out.toString().strip();
	}

	private static String token(Map<String, Object> auth) {
		return LeakCanaries.plant(auth.get("client_token").toString());
	}

	private static JsonNode only(JsonNode events, String asset, String action, String result) {
		List<JsonNode> found = new ArrayList<>();
		for (JsonNode event : events) {
			if (event.get("asset").asString().equals(asset) && event.get("action").asString().equals(action)
					&& event.get("result").asString().equals(result)) {
				found.add(event);
			}
		}
		// Each request is one event, and the CLI makes each of these once: a denial is not asked again.
		assertThat(found).as(asset + " " + action + " " + result + " in " + events).hasSize(1);
		return found.getFirst();
	}

}
