package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.AuditedVault;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DedicatedVault;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.RunningServe;
import org.botkeeper.testsupport.ServeWorld;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;

/**
 * The real {@code serve} following a real Vault's file audit log ({@code BOTKEEPER_AUDIT_FILE}): OpenBao
 * declares the device in its configuration, HashiCorp Vault gets it from {@code vault init --audit-file}.
 * A read of the bot's password and a denied attempt, made while serve runs, must be counted in
 * {@code botkeeper_sensitive_reads_total} and listed on the status page, without a value or token.
 */
class ServeAuditIntegrationTests {

	private static DedicatedVault server;

	private static Path log;

	@BeforeAll
	static void start() {
		AuditedVault audited = AuditedVault.start("serve-audit");
		server = audited.server();
		log = audited.log();
		ServeWorld.initialise(server, LeakCanaries.classicPat());
		check(CliRun.withEnv(server.rootEnv(), "", "vault", "init", "--audit-file", log.toString()));
		check(CliRun.withEnv(server.rootEnv(), "audit-bot\n" + LeakCanaries.password() + "\n", "account", "set"));
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void serveShouldCountReadsOfThePasswordAndDeniedAttemptsAndListThem() throws Exception {
		String broker = ServeWorld.brokerToken(server);
		Map<String, String> env = new HashMap<>(Map.of("BAO_ADDR", server.server().address().toString(), "BAO_TOKEN",
				broker, "GITHUB_API_URL", "http://127.0.0.1:9", "BOTKEEPER_AUDIT_FILE", log.toString(),
				"BOTKEEPER_FOOTPRINT_INTERVAL", "off", "BOTKEEPER_ACCESS_INTERVAL", "off"));
		try (RunningServe serve = RunningServe.start(env, WebApplicationType.SERVLET, "--server.port=0",
				"--botkeeper.schedule.interval=1h", "--botkeeper.schedule.max-backoff=1h")) {
			// Read by an admin (here root, through the API), and refused to the broker through the CLI.
			server.fixture().root().read("botkeeper/data/account");
			CliRun denied = CliRun.withEnv(Map.of("VAULT_ADDR", server.server().address().toString(), "VAULT_TOKEN", broker),
					"", "account", "password");
			assertThat(denied.exitCode()).as(denied.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);

			RunningServe.await("both counted", () -> {
				String metrics = metrics(serve);
				return metrics.contains("botkeeper_sensitive_reads_total{asset=\"password\",result=\"ok\"}")
						&& metrics.contains("botkeeper_sensitive_reads_total{asset=\"password\",result=\"denied\"}");
			});
			String page = serve.get("/");

			assertThat(page).contains("<h2>Sensitive reads</h2>").contains("From Vault's audit log " + log)
				.contains("<td>read</td><td>the bot&#39;s password</td><td>ok</td><td>127.0.0.1</td><td>root</td>")
				.contains("<td>read</td><td>the bot&#39;s password</td><td>denied</td><td>127.0.0.1</td>"
						+ "<td>botkeeper-broker,default</td>");
			String output = page + metrics(serve);
			LeakCanaries.assertNoLeak("serve's page and metrics", output);
			assertThat(output).doesNotContain(broker).doesNotContain("hmac-sha256");
		}
	}

	private static String metrics(RunningServe serve) {
		try {
			return serve.get("/actuator/prometheus");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void check(CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

}
