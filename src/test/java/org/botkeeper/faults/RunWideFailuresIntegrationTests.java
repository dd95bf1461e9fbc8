package org.botkeeper.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.failure.ExitCodes;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;

import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimCredentials;
import org.botkeeper.githubsim.SimFaults.PathFault;
import org.botkeeper.githubsim.SimEnvironment;
import org.botkeeper.githubsim.SimSecret;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.githubsim.SimulatorOptions;
import org.botkeeper.sync.LeaseEvent;
import org.botkeeper.sync.LeaseHolder;
import org.botkeeper.sync.LeaseStore;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DedicatedVault;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.TestAppKeys;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultLayout;
import org.botkeeper.vault.VaultLeaseStore;
import org.botkeeper.vault.VaultSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures of the whole run, through the real command line: the writer rejected, GitHub unreachable,
 * Vault sealed or unreachable, the sync lease held. Each prints one message that names the credential,
 * the URL or the holder and what to do, exits 1, and is never "Internal error". Also how the lease
 * lets a crashed holder go at once and how an operator breaks it. A Vault of this class's own (it is
 * sealed here, and its lease is held on purpose) and a simulator of its own.
 */
class RunWideFailuresIntegrationTests {

	private static final String ENVIRONMENT = "jupyterhub-bot";

	private static final String SECRET = "JUPYTERHUB_BOT_PAT";

	private static DedicatedVault vault;

	private static GitHubSimulator github;

	private static String brokerToken;

	private static VaultLeaseStore leases;

	private static String writer;

	private final Map<RepositoryName, String> tokens = new LinkedHashMap<>();

	private static int worlds;

	@BeforeAll
	static void start() {
		vault = DedicatedVault.start("run-wide");
		github = GitHubSimulator.start(SimulatorOptions.defaults());
		check(CliRun.withEnv(vault.rootEnv(), "", "vault", "init"));
		writer = LeakCanaries.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		check(CliRun.withEnv(vault.rootEnv(), writer + "\n", "writer", "set", "--pat"));
		String created = vault.send("POST", "auth/token/create",
				"{\"policies\":[\"botkeeper-broker\"],\"ttl\":\"1h\"}", Map.of());
		brokerToken = LeakCanaries.plant(created.replaceFirst("(?s).*\"client_token\":\"([^\"]+)\".*", "$1"));
		leases = new VaultLeaseStore(VaultConnection.open(VaultSettings.fromEnvironment(
				Map.of("VAULT_ADDR", vault.server().address().toString(), "VAULT_TOKEN", brokerToken))),
				VaultLayout.defaults());
	}

	@AfterAll
	static void stop() {
		if (github != null) {
			github.close();
		}
		if (vault != null) {
			vault.close();
		}
	}

	@BeforeEach
	void bindings() {
		String owner = "runwide" + (++worlds);
		for (int i = 1; i <= 2; i++) {
			String name = owner + "/r" + i;
			github.state().addRepository(name);
			github.state().addEnvironment(name, ENVIRONMENT);
			String token = LeakCanaries.fineGrainedPat();
			check(CliRun.withEnv(vault.rootEnv(), token + "\n", "token", "put", name));
			tokens.put(RepositoryName.parse(name), token);
		}
	}

	@AfterEach
	void clearFaults() {
		github.faults().clear();
	}

	private static void check(CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

	private static Map<String, String> brokerEnv() {
		Map<String, String> env = new HashMap<>();
		env.put("VAULT_ADDR", vault.server().address().toString());
		env.put("VAULT_TOKEN", brokerToken);
		env.put("GITHUB_API_URL", github.url());
		env.put("BOTKEEPER_WRITE_GAP", "0s");
		env.put("HOME", System.getProperty("user.home"));
		return env;
	}

	private CliRun botkeeper(Map<String, String> env, String... command) {
		List<String> args = new ArrayList<>(List.of(command));
		tokens.keySet().forEach(repository -> args.add(repository.toString()));
		return CliRun.withEnv(env, "", args.toArray(String[]::new));
	}

	private CliRun botkeeper(String... command) {
		return botkeeper(brokerEnv(), command);
	}

	private static Map<String, String> with(String name, String value) {
		Map<String, String> env = brokerEnv();
		env.put(name, value);
		return env;
	}

	private String decrypted(RepositoryName repository) {
		SimEnvironment environment = github.state().repository(repository.toString()).environment(ENVIRONMENT);
		SimSecret secret = environment == null ? null : environment.secret(SECRET);
		return secret == null ? null : new String(secret.plaintext(), StandardCharsets.UTF_8);
	}

	private static void assertOneClearLine(CliRun run, String expected) {
		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err()).as(run.describe()).contains(expected).doesNotContain("Internal error")
			.doesNotContain("Exception:").doesNotContain("\tat ");
		assertThat(run.out()).as("nothing on stdout").isEmpty();
	}

	private static int closedPort() throws Exception {
		try (var socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Test
	void aRejectedWriterShouldSaySoNameGitHubsUrlAndHowToReplaceIt() {
		github.faults().unauthorized(true);
		long requests = github.counters().requests();

		CliRun plan = botkeeper("sync", "--plan");
		CliRun status = botkeeper("status", "--drift");
		CliRun sync = botkeeper("sync", "--yes");

		String expected = "The writer credential (" + "classic personal access token) was rejected by GitHub at "
				+ github.url() + " with 401: it is revoked, expired or wrong. Store a new one with 'botkeeper writer set";
		for (CliRun run : List.of(plan, status, sync)) {
			assertOneClearLine(run, expected);
		}
		assertThat(github.counters().requests() - requests).as("one 401 per command, then no further call").isEqualTo(3);
	}

	@Test
	void anUnreachableGitHubShouldNameTheUrlAndWhatToCheck() throws Exception {
		String url = "http://127.0.0.1:" + closedPort();

		CliRun plan = botkeeper(with("GITHUB_API_URL", url), "sync", "--plan");

		assertOneClearLine(plan, "Cannot reach GitHub at " + url + ": nothing answers there (ConnectException). "
				+ "Check GITHUB_API_URL and the network (DNS, proxy, firewall); nothing more is sent to GitHub in this run.");
	}

	@Test
	void anUnreachableVaultShouldNameTheAddress() throws Exception {
		String address = "http://127.0.0.1:" + closedPort();

		for (String[] command : List.of(new String[] { "sync", "--plan" }, new String[] { "status" },
				new String[] { "status", "--drift" })) {
			CliRun run = botkeeper(with("VAULT_ADDR", address), command);
			assertOneClearLine(run, "from Vault mount 'botkeeper': cannot reach Vault at " + address
					+ ". Check VAULT_ADDR and that the server is running.");
		}
	}

	@Test
	void aSealedVaultShouldSaySoAndWhoUnsealsIt() throws Exception {
		vault.seal();
		CliRun plan;
		CliRun sync;
		try {
			plan = botkeeper("sync", "--plan");
			sync = botkeeper("sync", "--yes");
		}
		finally {
			vault.unseal();
			awaitUnsealed();
		}
		for (CliRun run : List.of(plan, sync)) {
			assertOneClearLine(run, "Vault at " + vault.server().address() + " is sealed. Ask an operator to unseal it "
					+ "(vault operator unseal).");
		}
		tokens.keySet().forEach(repository -> assertThat(decrypted(repository)).isNull());
	}

	@Test
	void aLeaseHeldElsewhereShouldSayWhoHoldsItUntilWhenAndHowToBreakItWithAReason() {
		LeaseHolder elsewhere = new LeaseHolder("serve 4242@elsewhere", "elsewhere", "elsewhere/boot/pid:[1]", 4242,
				Optional.empty());
		Instant until = hold(elsewhere);

		CliRun refused = botkeeper("sync", "--yes");
		CliRun noReason = botkeeper("sync", "--yes", "--break-lease");
		CliRun withPlan = botkeeper("sync", "--plan", "--break-lease", "--reason", "gone");
		CliRun broken = botkeeper("sync", "--yes", "--break-lease", "--reason", "serve on elsewhere was decommissioned");

		assertOneClearLine(refused, "Not applied: the sync lease is held by 'serve 4242@elsewhere' (process 4242 on host "
				+ "'elsewhere') until " + until.truncatedTo(ChronoUnit.SECONDS) + " (fencing ");
		assertThat(refused.err()).contains("'botkeeper sync --break-lease --reason TEXT'");
		assertThat(noReason.exitCode()).as(noReason.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(noReason.err()).contains("--break-lease needs --reason TEXT");
		assertThat(withPlan.exitCode()).as(withPlan.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(broken.exitCode()).as(broken.describe()).isZero();
		assertThat(broken.err()).contains("Broke the sync lease of serve 4242@elsewhere");
		tokens.forEach((repository, token) -> assertThat(decrypted(repository)).isEqualTo(token));
		LeaseStore.Record lease = leases.read().orElseThrow().lease();
		assertThat(lease.expiresAt()).as("released after the run").isBeforeOrEqualTo(Instant.now());
		assertThat(lease.history()).last().satisfies(event -> {
			assertThat(event.kind()).isEqualTo(LeaseEvent.Kind.BROKEN);
			assertThat(event.reason()).isEqualTo("serve on elsewhere was decommissioned");
			assertThat(event.previousHolder()).startsWith("serve 4242@elsewhere (fencing ");
			assertThat(event.by()).startsWith("cli ").contains("(Vault identity 'token')");
		});
	}

	@Test
	void aLeaseWhoseHolderRanHereAndIsGoneShouldBeTakenOverAtOnce() throws Exception {
		Process crashed = new ProcessBuilder("sleep", "0.2").start();
		Optional<Instant> started = crashed.toHandle().info().startInstant();
		crashed.waitFor();
		LeaseHolder here = LeaseHolder.current("cli");
		hold(new LeaseHolder("cli " + crashed.pid() + "@" + here.host(), here.host(), here.machine(), crashed.pid(),
				started));
		long began = System.nanoTime();

		CliRun sync = botkeeper("sync", "--yes");

		assertThat(sync.exitCode()).as(sync.describe()).isZero();
		assertThat(Duration.ofNanos(System.nanoTime() - began)).as("no wait for the lease to expire")
			.isLessThan(Duration.ofSeconds(30));
		assertThat(sync.err()).contains("Took over the sync lease from cli " + crashed.pid() + "@" + here.host()
				+ " (fencing ").contains(": process " + crashed.pid() + " on host '" + here.host() + "' is gone.");
		tokens.forEach((repository, token) -> assertThat(decrypted(repository)).isEqualTo(token));
		assertThat(leases.read().orElseThrow().lease().history()).last()
			.satisfies(event -> assertThat(event.kind()).isEqualTo(LeaseEvent.Kind.TAKEN_OVER));
	}

	@Test
	void aWriterRecordThatIsNotUsableShouldSaySoAndHowToStoreItAgain() {
		try {
			KeyPair pair = TestAppKeys.generate();
			github.credentials().registerApp("4242", (RSAPublicKey) pair.getPublic(),
					SimCredentials.Installation.allRepositories(777, "runwide" + worlds, GitHubContract.WRITER_APP));
			check(CliRun.withEnv(vault.rootEnv(), TestAppKeys.pkcs1Pem(pair), "writer", "set", "--app-id", "4242",
					"--installation-id", "777"));
			github.faults().onPath("/app/installations/777/access_tokens", PathFault.body("[]"));

			CliRun oddMint = botkeeper("sync", "--plan", "--wide");

			assertThat(oddMint.exitCode()).as(oddMint.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(oddMint.out()).as(oddMint.describe()).contains("FAILED").contains("Cannot mint an installation "
					+ "token for GitHub App 4242 installation 777: GitHub's answer does not have the documented shape");
			assertThat(oddMint.err()).doesNotContain("Internal error");

			vault.send("POST", "botkeeper/data/writer",
					"{\"data\":{\"kind\":\"app\",\"app_id\":\"4242\",\"installation_id\":\"777\","
							+ "\"private_key\":\"not a key\"}}", Map.of());
			CliRun notAKey = botkeeper("sync", "--plan");
			vault.send("POST", "botkeeper/data/writer", "{\"data\":{\"kind\":\"app\"}}", Map.of());
			CliRun fieldsMissing = botkeeper("status", "--drift");

			assertOneClearLine(notAKey, "The writer credential in Vault mount 'botkeeper' is not usable: The GitHub App "
					+ "private key is not a PEM RSA key");
			assertThat(notAKey.err()).contains("Store it again with 'botkeeper writer set --app-id 4242 --installation-id 777");
			assertOneClearLine(fieldsMissing, "The writer credential in Vault mount 'botkeeper' is not one botkeeper "
					+ "wrote (a field is missing or malformed). Store it again with 'botkeeper writer set'.");
		}
		finally {
			check(CliRun.withEnv(vault.rootEnv(), writer + "\n", "writer", "set", "--pat"));
		}
	}

	/** Writes the lease as {@code holder}'s for two minutes, with check-and-set like any replica; returns its expiry. */
	private static Instant hold(LeaseHolder holder) {
		Optional<LeaseStore.Versioned> current = leases.read();
		Instant until = Instant.now().plus(Duration.ofMinutes(2));
		LeaseStore.Record record = new LeaseStore.Record(holder,
				current.map(c -> c.lease().fencing()).orElse(0L) + 1, until,
				current.map(c -> c.lease().history()).orElse(List.of()));
		assertThat(leases.compareAndSet(current.map(LeaseStore.Versioned::version).orElse(0L), record)).isPresent();
		return until;
	}

	private static void awaitUnsealed() throws InterruptedException {
		for (int i = 0; i < 50; i++) {
			if (vault.send("GET", "sys/seal-status", null, Map.of()).contains("\"sealed\":false")) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("Vault stayed sealed");
	}

}
