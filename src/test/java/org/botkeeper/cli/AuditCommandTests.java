package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.botkeeper.testsupport.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code audit} on a log copied from OpenBao 2.7.2's file audit device (src/test/resources/audit/): the
 * formats, the alert exit code, stdin, and bad input. The real server's own log is read in
 * {@code AuditCommandIntegrationTests}.
 */
class AuditCommandTests {

	private static final String LOG = "src/test/resources/audit/openbao-2.7.2.log";

	@Test
	void tableShouldMarkAlertsAndNameTheSkippedLines() {
		CliRun run = CliRun.run("audit", "--file", LOG);

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.out()).contains("ASSET").containsPattern("(?m)^!\\s+2026-12-01T05:57:23Z\\s+userpass-alice\\s+read\\s+"
				+ "the bot's password\\s+ok\\s+127.0.0.1");
		assertThat(run.out()).containsPattern("(?m)^!.*the bot's 2FA recovery codes\\s+denied");
		assertThat(run.out()).containsPattern("(?m)^ .*got a code\\s+the bot's 2FA code\\s+denied");
		assertThat(run.out()).doesNotContain("hmac-sha256");
		assertThat(run.err()).contains("2 lines were not audit entries").contains("2 alerts");
	}

	@Test
	void detailedExitCodeShouldSayThereIsAnAlert() {
		assertThat(CliRun.run("audit", "--file", LOG, "--detailed-exitcode").exitCode()).isEqualTo(4);
	}

	@Test
	void jsonShouldCarryTheIdentityAndTheAlert() throws Exception {
		CliRun run = CliRun.withStdin(Files.readString(Path.of(LOG)), "audit", "--file", "-", "--format", "json");

		assertThat(run.exitCode()).as(run.describe()).isZero();
		JsonNode events = JsonMapper.builder().build().readTree(run.out());
		JsonNode read = null;
		for (JsonNode event : events) {
			if (event.get("asset").asString().equals("the bot's password") && event.get("action").asString().equals("read")) {
				read = event;
			}
		}
		assertThat(read).as(run.out()).isNotNull();
		assertThat(read.get("alert").asBoolean()).isTrue();
		assertThat(read.get("display_name").asString()).isEqualTo("userpass-alice");
		assertThat(read.get("policies").toString()).isEqualTo("[\"default\",\"reader\"]");
		assertThat(read.get("request_id").asString()).isNotEmpty();
		assertThat(run.out()).doesNotContain("hmac-sha256", "client_token", "accessor");
	}

	@Test
	void markdownShouldEscapeThePipe(@TempDir Path dir) throws Exception {
		Path log = dir.resolve("audit.log");
		Files.writeString(log, "{\"time\":\"2026-12-01T05:57:23Z\",\"type\":\"response\",\"auth\":{\"display_name\":\"a|b\"},"
				+ "\"request\":{\"id\":\"r1\",\"operation\":\"update\",\"path\":\"sys/policies/acl/botkeeper-admin\"}}\n");

		CliRun run = CliRun.run("audit", "--file", log.toString(), "--format", "markdown");

		assertThat(run.out()).startsWith("| ! | TIME |").contains("| a\\|b | wrote | policy botkeeper-admin | ok |");
	}

	@Test
	void mountsShouldComeFromTheEnvironmentAsForEveryCommand() {
		CliRun run = CliRun.withEnv(Map.of("BOTKEEPER_KV_MOUNT", "secret-bots"), "", "audit", "--file", LOG);

		assertThat(run.out()).doesNotContain("the bot's password").contains("policy reader");
	}

	@Test
	void aMissingFileOrABadDurationShouldBeBadInput() {
		CliRun missing = CliRun.run("audit", "--file", "/nonexistent/audit.log");
		assertThat(missing.exitCode()).isEqualTo(2);
		assertThat(missing.err()).contains("'/nonexistent/audit.log' does not exist").contains("vault init --audit-file");

		CliRun folder = CliRun.run("audit", "--file", "src/test/resources/audit");
		assertThat(folder.exitCode()).as(folder.describe()).isEqualTo(2);
		assertThat(folder.err()).contains("Cannot read audit log 'src/test/resources/audit'").contains("not its folder");

		CliRun since = CliRun.run("audit", "--file", LOG, "--since", "a while");
		assertThat(since.exitCode()).isEqualTo(2);
		assertThat(since.err()).contains("--since 'a while' is not a duration");
	}

	@Test
	void initShouldRefuseAnAuditFileThatIsNoAbsolutePathBeforeAnyRequest() {
		for (String path : new String[] { "audit.log", "/var/log/a\"b.log", "/var/log/${x}.log" }) {
			CliRun run = CliRun.withEnv(Map.of("VAULT_ADDR", "http://127.0.0.1:9", "VAULT_TOKEN", "x"), "", "vault", "init",
					"--audit-file", path);
			assertThat(run.exitCode()).as(path + ": " + run.describe()).isEqualTo(2);
			assertThat(run.err()).contains("must be an absolute path on the Vault server");
		}
	}

	@Test
	void sinceShouldLeaveOldEntriesOut() {
		CliRun run = CliRun.run("audit", "--file", LOG, "--since", "1s");

		assertThat(run.exitCode()).isZero();
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).contains("No entry of the log concerns botkeeper's mounts").contains("in the last 1s");
	}

}
