package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.testsupport.ServeWorld.check;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.botkeeper.githubsim.SimState;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DedicatedVault;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.RealTimeGitHub;
import org.botkeeper.testsupport.RealTimeGitHubExtension;
import org.botkeeper.testsupport.RunningServe;
import org.botkeeper.testsupport.ServeWorld;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.vault.support.VaultMount;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The access review in the real {@code serve} (a Vault of its own, the GitHub simulator), reviewed every
 * second here ({@code BOTKEEPER_ACCESS_INTERVAL}): with the broker's token, which may not review access,
 * {@code /api/access} is a 503 that says what is missing and Vault is not asked again; with an operator's
 * token, it is the array {@code access --format json} prints, and the page shows the table.
 */
@ExtendWith(RealTimeGitHubExtension.class)
class ServeAccessIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static DedicatedVault vault;

	private static RealTimeGitHub github;

	@BeforeAll
	static void start(RealTimeGitHub realTime) {
		github = realTime;
		vault = DedicatedVault.start("access");
		String writer = LeakCanaries.classicPat();
		realTime.simulator().credentials().classicToken(writer, SimState.WRITER, null, "repo");
		ServeWorld.initialise(vault, writer);
		vault.fixture().root().opsForSys().authMount("userpass", VaultMount.create("userpass"));
		vault.fixture().root().write("auth/userpass/users/alice",
				Map.of("password", LeakCanaries.password(), "token_policies", "botkeeper-admin"));
		check(CliRun.withEnv(vault.rootEnv(), LeakCanaries.fineGrainedPat() + "\n", "token", "put", "acc-org/repo"));
	}

	@AfterAll
	static void stop() {
		if (vault != null) {
			vault.close();
		}
	}

	@Test
	void withTheBrokersTokenTheReviewShouldBeUnavailableSayWhatItNeedsAndNotBeAskedAgain() throws Exception {
		try (RunningServe serve = serve(ServeWorld.brokerToken(vault))) {
			RunningServe.await("the review denied", () -> body(serve).path("state").asString().equals("FAILED"));
			HttpResponse<String> response = serve.response("/api/access");
			JsonNode failed = JSON.readTree(response.body());

			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(failed.path("problem").asString()).contains("serve's Vault token may not review access")
				.contains("403")
				.contains("sudo on auth/token/create");
			// Reviewed every second, but a denial is not asked again: the same failure, from the same moment.
			Thread.sleep(2500);
			assertThat(body(serve).path("at").asString()).isEqualTo(failed.path("at").asString());
			assertThat(serve.get("/")).contains("<h2>Who can get the bot's credentials</h2>")
				.contains("<p>Not reviewed (");
		}
	}

	@Test
	void withAnOperatorsTokenApiAccessShouldBeWhatTheCliPrintsAndThePageShowTheTable() throws Exception {
		try (RunningServe serve = serve(vault.server().rootToken())) {
			RunningServe.await("the review made", () -> response(serve).statusCode() == 200);
			HttpResponse<String> response = serve.response("/api/access");
			CliRun cli = CliRun.withEnv(vault.rootEnv(), "", "access", "--format", "json");

			check(cli);
			assertThat(response.headers().firstValue("Last-Modified")).isPresent();
			assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(cli.out()));
			JsonNode password = JSON.readTree(response.body()).get(0);
			assertThat(password.path("asset").asString()).isEqualTo("the bot's password");
			List<String> holders = password.path("grants").valueStream()
				.filter(grant -> grant.path("policy").asString().equals("botkeeper-admin"))
				.flatMap(grant -> grant.path("holder_details").valueStream())
				.map(detail -> detail.path("holder").asString() + " @ " + detail.path("auth_method").asString())
				.toList();
			assertThat(holders).contains("userpass user userpass/alice @ userpass/ (userpass)");
			assertThat(serve.get("/")).contains("<tr><td>the bot&#39;s password</td><td>userpass user userpass/alice"
					+ "</td><td>botkeeper-admin</td><td>userpass/ (userpass)</td><td>&mdash;</td></tr>")
				.contains("As Vault at " + vault.server().address());
		}
	}

	private static RunningServe serve(String token) throws Exception {
		return RunningServe.start(Map.of("BAO_ADDR", vault.server().address().toString(), "BAO_TOKEN", token,
				"GITHUB_API_URL", github.url(), "BOTKEEPER_WRITE_GAP", "0s", "BOTKEEPER_ACCESS_INTERVAL", "1s",
				"BOTKEEPER_FOOTPRINT_INTERVAL", "off"), WebApplicationType.SERVLET, "--server.port=0",
				"--botkeeper.schedule.interval=1m");
	}

	private static HttpResponse<String> response(RunningServe serve) {
		try {
			return serve.response("/api/access");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode body(RunningServe serve) {
		return JSON.readTree(response(serve).body());
	}

}
