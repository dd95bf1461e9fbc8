package org.botkeeper.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.githubsim.SimEnvironment;
import org.botkeeper.githubsim.SimSecret;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.githubsim.SimulatorOptions;
import org.botkeeper.sync.LeaseStore;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.DedicatedVault;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.vault.VaultConnection;
import org.botkeeper.vault.VaultLayout;
import org.botkeeper.vault.VaultLeaseStore;
import org.botkeeper.vault.VaultLedger;
import org.botkeeper.vault.VaultSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Process faults: {@code botkeeper sync --yes} runs as a real child JVM against a Vault of this class's
 * own and a simulator in this JVM, which carries out the k-th secret PUT and then holds its answer
 * back, so the test can kill or stop the process at exactly the moment a write happened on GitHub but
 * was not yet confirmed to botkeeper.
 */
class ProcessFaultsIntegrationTests {

	private static final String ENVIRONMENT = "jupyterhub-bot";

	private static final String SECRET = "JUPYTERHUB_BOT_PAT";

	private static final Path OUTPUTS = Path.of(System.getProperty("user.dir"), "target", "process-faults");

	private static DedicatedVault vault;

	private static String brokerToken;

	private static VaultConnection broker;

	private static int runs;

	@BeforeAll
	static void start() {
		vault = DedicatedVault.start("process-faults");
		check(CliRun.withEnv(vault.rootEnv(), "", "vault", "init"));
		String created = vault.send("POST", "auth/token/create",
				"{\"policies\":[\"botkeeper-broker\"],\"no_default_policy\":false,\"ttl\":\"1h\"}", Map.of());
		brokerToken = LeakCanaries.plant(created.replaceFirst("(?s).*\"client_token\":\"([^\"]+)\".*", "$1"));
		broker = VaultConnection.open(VaultSettings.fromEnvironment(
				Map.of("VAULT_ADDR", vault.server().address().toString(), "VAULT_TOKEN", brokerToken)));
	}

	@AfterAll
	static void stop() {
		if (vault != null) {
			vault.close();
		}
	}

	private static void check(CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

	/** A world of {@code count} repositories with protected environments and one token each, in Vault. */
	private record World(GitHubSimulator github, Map<RepositoryName, String> tokens) implements AutoCloseable {

		String decrypted(RepositoryName repository) {
			SimEnvironment environment = github.state().repository(repository.toString()).environment(ENVIRONMENT);
			SimSecret secret = environment == null ? null : environment.secret(SECRET);
			return secret == null ? null : new String(secret.plaintext(), StandardCharsets.UTF_8);
		}

		@Override
		public void close() {
			github.close();
		}

	}

	private World world(String owner, int count) {
		GitHubSimulator github = GitHubSimulator.start(SimulatorOptions.defaults());
		String writer = LeakCanaries.classicPat();
		github.credentials().classicToken(writer, SimState.WRITER, null, "repo");
		check(CliRun.withEnv(vault.rootEnv(), writer + "\n", "writer", "set", "--pat"));
		Map<RepositoryName, String> tokens = new LinkedHashMap<>();
		for (int i = 1; i <= count; i++) {
			String name = owner + "/r" + i;
			github.state().addRepository(name);
			github.state().addEnvironment(name, ENVIRONMENT);
			String token = LeakCanaries.fineGrainedPat();
			check(CliRun.withEnv(vault.rootEnv(), token + "\n", "token", "put", name));
			tokens.put(RepositoryName.parse(name), token);
		}
		return new World(github, tokens);
	}

	/** Starts {@code botkeeper ARGS} as a child JVM as the broker; its outputs go to files the leak sweep scans. */
	private Process botkeeper(World world, String... args) throws IOException {
		Files.createDirectories(OUTPUTS);
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", classPath(), "org.botkeeper.Botkeeper"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("VAULT_ADDR", vault.server().address().toString());
		builder.environment().put("VAULT_TOKEN", brokerToken);
		builder.environment().put("GITHUB_API_URL", world.github().url());
		builder.environment().put("BOTKEEPER_WRITE_GAP", "0s");
		String name = getClass().getSimpleName() + "-" + ProcessHandle.current().pid() + "-" + (++runs);
		builder.redirectOutput(OUTPUTS.resolve(name + ".out").toFile());
		builder.redirectError(OUTPUTS.resolve(name + ".err").toFile());
		Process process = builder.start();
		lastErr = OUTPUTS.resolve(name + ".err");
		return process;
	}

	private Path lastErr;

	private String lastStderr() {
		try {
			String err = Files.readString(lastErr);
			LeakCanaries.assertNoLeak("stderr of a child botkeeper", err);
			return err;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String classPath() {
		String surefire = System.getProperty("surefire.test.class.path");
		return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
	}

	/** The command limited to this world's repositories (other tests' bindings share the Vault). */
	private static String[] syncArgs(World world, String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		world.tokens().keySet().forEach(repository -> all.add(repository.toString()));
		return all.toArray(String[]::new);
	}

	private int finish(Process process) throws InterruptedException {
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("botkeeper ended in time").isTrue();
		return process.exitValue();
	}

	private static String cmdline(Process process) throws IOException {
		return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
				StandardCharsets.UTF_8).replace('\0', ' ');
	}

	private void assertConverges(World world) throws Exception {
		Process rerun = botkeeper(world, syncArgs(world, "sync", "--yes"));
		assertThat(finish(rerun)).as("rerun: " + lastStderr()).isZero();
		Map<RepositoryName, LedgerEntry> ledger = new VaultLedger(broker, VaultLayout.defaults()).entries();
		world.tokens().forEach((repository, token) -> {
			assertThat(world.decrypted(repository)).as(repository + " holds Vault's latest version").isEqualTo(token);
			assertThat(ledger.get(repository).outcome()).as(repository + " confirmed").isEqualTo(LedgerEntry.Outcome.SYNCED);
			assertThat(ledger.get(repository).pendingVersion()).isEmpty();
		});
		Process plan = botkeeper(world, syncArgs(world, "sync", "--plan", "--detailed-exitcode"));
		assertThat(finish(plan)).as("a further plan shows nothing to do: " + lastStderr()).isZero();
	}

	@Test
	void sigkillRightAfterTheKthPutShouldRecordOnlyConfirmedWritesAndTheRestartShouldConverge() throws Exception {
		try (World world = world("kill9", 4)) {
			world.github().faults().holdAfterSecretPut(2);
			Process sync = botkeeper(world, syncArgs(world, "sync", "--yes"));
			assertThat(world.github().faults().awaitHeld(Duration.ofSeconds(90))).as("the 2nd PUT was reached").isTrue();
			String cmdline = cmdline(sync);
			LeakCanaries.assertNoLeak("/proc/<pid>/cmdline of botkeeper sync", cmdline);
			assertThat(cmdline).doesNotContain(brokerToken);

			sync.destroyForcibly();
			assertThat(finish(sync)).as("killed by SIGKILL").isEqualTo(137);
			world.github().faults().releaseHeld();

			// GitHub holds two written secrets; botkeeper had confirmation for the first only.
			Map<RepositoryName, LedgerEntry> ledger = new VaultLedger(broker, VaultLayout.defaults()).entries();
			long written = world.tokens().keySet().stream().filter(r -> world.decrypted(r) != null).count();
			assertThat(written).as("secrets written on GitHub when killed").isEqualTo(2);
			List<LedgerEntry> ours = ledger.entrySet()
				.stream()
				.filter(e -> world.tokens().containsKey(e.getKey()))
				.map(Map.Entry::getValue)
				.toList();
			assertThat(ours).filteredOn(e -> e.outcome() == LedgerEntry.Outcome.SYNCED)
				.as("exactly the confirmed write is recorded as synced")
				.singleElement()
				.satisfies(e -> assertThat(world.decrypted(e.binding().repository()))
					.isEqualTo(world.tokens().get(e.binding().repository())));
			assertThat(ours).filteredOn(e -> e.outcome() == LedgerEntry.Outcome.PENDING)
				.as("the unconfirmed write is an intent, never a confirmation")
				.singleElement()
				.satisfies(e -> assertThat(e.pushedVersion()).isZero());

			// The killed run still holds the lease for two minutes; it ran on this machine and its process is
			// gone, so the next run takes the lease over at once instead of waiting.
			LeaseStore.Versioned held = new VaultLeaseStore(broker, VaultLayout.defaults()).read().orElseThrow();
			assertThat(held.lease().expiresAt()).as("the killed run still holds the lease").isAfter(Instant.now());
			assertThat(held.lease().holder().pid()).isEqualTo(sync.pid());
			Process rerun = botkeeper(world, syncArgs(world, "sync", "--yes"));
			assertThat(finish(rerun)).as("rerun: " + lastStderr()).isZero();
			assertThat(lastStderr()).contains("Took over the sync lease from cli " + sync.pid() + "@")
				.contains(": process " + sync.pid() + " on host '");
			assertConverges(world);
		}
	}

	/** A free loopback port for serve (its status page is not used here). */
	private static int freePort() throws IOException {
		try (var socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private Process serve(World world) throws IOException {
		return botkeeper(world, "serve", "--server.port=" + freePort(), "--botkeeper.schedule.interval=1h",
				"--botkeeper.schedule.max-backoff=1h",
				"--botkeeper.github.api-url=" + world.github().url(), "--botkeeper.github.write-gap=0s");
	}

	private static LeaseStore.Record lease() {
		return new VaultLeaseStore(broker, VaultLayout.defaults()).read().orElseThrow().lease();
	}

	private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(90);
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("waited 90 s for: " + what).isBefore(deadline);
			Thread.sleep(100);
		}
	}

	@Test
	void serveShouldStopWithin2sOfSigtermWhenIdleAndReleaseItsLeaseWhenStoppedMidRun() throws Exception {
		try (World world = world("servestop", 3)) {
			Process idle = serve(world);
			await("serve synced every binding", () -> {
				assertThat(idle.isAlive()).as("serve runs: " + lastStderr()).isTrue();
				return world.tokens().keySet().stream().allMatch(r -> world.decrypted(r) != null);
			});
			await("serve's run ended and let the lease go", () -> lease().holder().name().startsWith("serve ")
					&& !lease().expiresAt().isAfter(Instant.now()));
			long signalled = System.nanoTime();
			idle.destroy();
			assertThat(idle.waitFor(10, TimeUnit.SECONDS)).as("an idle serve ended within 10 s of SIGTERM").isTrue();
			Duration stopped = Duration.ofNanos(System.nanoTime() - signalled);
			assertThat(idle.exitValue()).as("stopped by SIGTERM: " + lastStderr()).isEqualTo(143);
			assertThat(stopped).as("an idle serve stops within 2 s of SIGTERM").isLessThan(Duration.ofSeconds(2));

			// Mid-run: every token rotated, the first PUT carried out and its answer held back, then SIGTERM.
			for (RepositoryName repository : world.tokens().keySet()) {
				String token = LeakCanaries.fineGrainedPat();
				check(CliRun.withEnv(vault.rootEnv(), token + "\n", "token", "put", repository.toString()));
				world.tokens().put(repository, token);
			}
			world.github().faults().holdAfterSecretPut(1);
			long puts = world.github().counters().count("PUT", 201) + world.github().counters().count("PUT", 204);
			Process busy = serve(world);
			assertThat(world.github().faults().awaitHeld(Duration.ofSeconds(90))).as("serve's first PUT was reached")
				.isTrue();
			assertThat(lease().holder().pid()).as("serve holds the lease while it writes").isEqualTo(busy.pid());
			busy.destroy();
			Thread.sleep(300);
			world.github().faults().releaseHeld();
			assertThat(busy.waitFor(30, TimeUnit.SECONDS)).as("serve ended after its write in flight").isTrue();
			assertThat(lease().expiresAt()).as("serve released its lease on SIGTERM: " + lastStderr())
				.isBeforeOrEqualTo(Instant.now());
			assertThat(world.github().counters().count("PUT", 201) + world.github().counters().count("PUT", 204) - puts)
				.as("the write in flight finished; none started after the signal").isLessThanOrEqualTo(1);
			assertConverges(world);
		}
	}

	@Test
	void sigtermDuringAWriteShouldFinishTheItemOrLeaveItUnknownAndExitCleanly() throws Exception {
		try (World world = world("term", 3)) {
			world.github().faults().holdAfterSecretPut(1);
			Process sync = botkeeper(world, syncArgs(world, "sync", "--yes"));
			assertThat(world.github().faults().awaitHeld(Duration.ofSeconds(90))).isTrue();
			sync.destroy();
			// The answer arrives a moment after the signal, while the process is stopping.
			Thread.sleep(300);
			world.github().faults().releaseHeld();
			int exit = finish(sync);
			String err = lastStderr();
			assertThat(exit).as("stopped by SIGTERM: " + err).isEqualTo(143);
			Map<RepositoryName, LedgerEntry> ledger = new VaultLedger(broker, VaultLayout.defaults()).entries();
			for (RepositoryName repository : world.tokens().keySet()) {
				LedgerEntry entry = ledger.get(repository);
				if (entry != null && entry.outcome() == LedgerEntry.Outcome.SYNCED) {
					assertThat(world.decrypted(repository)).as("a confirmed write happened").isEqualTo(world.tokens().get(repository));
				}
			}
			assertThat(world.tokens().keySet().stream().filter(r -> world.decrypted(r) != null).count())
				.as("nothing written after the signal").isEqualTo(1);
			assertThat(err).contains("Stopped");
			assertConverges(world);
		}
	}


	/** The environment an in-process CLI run needs, as the broker, against {@code world}'s simulator. */
	private static Map<String, String> brokerEnv(World world, String token) {
		return Map.of("VAULT_ADDR", vault.server().address().toString(), "VAULT_TOKEN", token, "GITHUB_API_URL",
				world.github().url(), "BOTKEEPER_WRITE_GAP", "0s", "HOME", System.getProperty("user.home"));
	}

	/** Runs {@code sync --yes} in-process on another thread, so the test can act while a PUT is held. */
	private static java.util.concurrent.Future<CliRun> syncInBackground(World world, String token) {
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
		try {
			return pool.submit(() -> CliRun.withEnv(brokerEnv(world, token), "", syncArgs(world, "sync", "--yes")));
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void unauthorizedMidRunShouldStopEveryGitHubCallAtOnceExit1AndNameTheBindingNeverTheValue() throws Exception {
		try (World world = world("unauth", 4)) {
			world.github().faults().holdAfterSecretPut(1);
			var run = syncInBackground(world, brokerToken);
			assertThat(world.github().faults().awaitHeld(Duration.ofSeconds(60))).isTrue();
			world.github().faults().unauthorized(true);
			long requests = world.github().counters().requests();
			world.github().faults().releaseHeld();
			CliRun result = run.get(60, TimeUnit.SECONDS);

			assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
			assertThat(world.github().counters().requests() - requests)
				.as("one request meets the 401; none follows it").isLessThanOrEqualTo(1);
			assertThat(result.err()).as(result.describe()).doesNotContain("Internal error")
				.containsPattern("unauth/r\\d:jupyterhub-bot/JUPYTERHUB_BOT_PAT")
				.containsIgnoringCase("401");
			world.github().faults().unauthorized(false);
			expireLeaseIfHeld();
			assertConverges(world);
		}
	}

	@Test
	void vaultSealedMidRunShouldStopGitHubWritesAndConvergeAfterUnseal() throws Exception {
		try (World world = world("sealed", 4)) {
			world.github().faults().holdAfterSecretPut(1);
			var run = syncInBackground(world, brokerToken);
			assertThat(world.github().faults().awaitHeld(Duration.ofSeconds(60))).isTrue();
			vault.seal();
			long puts = world.github().counters().count("PUT", 201) + world.github().counters().count("PUT", 204);
			CliRun result;
			try {
				world.github().faults().releaseHeld();
				result = run.get(90, TimeUnit.SECONDS);
			}
			finally {
				vault.unseal();
			}
			assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
			assertThat(world.github().counters().count("PUT", 201) + world.github().counters().count("PUT", 204))
				.as("no GitHub write once Vault is sealed").isEqualTo(puts);
			assertThat(result.err()).as(result.describe()).containsIgnoringCase("sealed").doesNotContain("Internal error");
			awaitUnsealed();
			expireLeaseIfHeld();
			assertConverges(world);
		}
	}

	@Test
	void aTokenExpiringMidRunShouldStopTheRunAtOnceInsteadOfFailingItemAfterItem() throws Exception {
		try (World world = world("expiry", 4)) {
			String created = vault.send("POST", "auth/token/create", "{\"policies\":[\"botkeeper-broker\"],\"ttl\":\"6s\","
					+ "\"explicit_max_ttl\":\"6s\",\"renewable\":false}", Map.of());
			Instant expires = Instant.now().plusSeconds(6);
			String shortLived = LeakCanaries.plant(created.replaceFirst("(?s).*\"client_token\":\"([^\"]+)\".*", "$1"));
			world.github().faults().holdAfterSecretPut(1);
			var run = syncInBackground(world, shortLived);
			assertThat(world.github().faults().awaitHeld(Duration.ofSeconds(6))).isTrue();
			Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 1500);
			long puts = world.github().counters().count("PUT", 201) + world.github().counters().count("PUT", 204);
			world.github().faults().releaseHeld();
			CliRun result = run.get(60, TimeUnit.SECONDS);

			assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
			assertThat(world.github().counters().count("PUT", 201) + world.github().counters().count("PUT", 204))
				.as("no GitHub write after the token expired").isEqualTo(puts);
			assertThat(result.err()).as(result.describe()).contains("invalid or expired").contains("Stopped");
			assertThat(result.err().split("SKIPPED not attempted", -1).length - 1)
				.as("one refusal stops the run; the other items are not attempted (no 403 per item)").isEqualTo(3);
			assertThat(result.err()).doesNotContain("Internal error");
			expireLeaseIfHeld();
			assertConverges(world);
		}
	}

	@Test
	void aVaultPathTheBrokerMayNotReadShouldFailOnlyThatItem() throws Exception {
		try (World world = world("deny", 3)) {
			RepositoryName denied = world.tokens().keySet().iterator().next();
			vault.send("PUT", "sys/policies/acl/deny-one-token", "{\"policy\":\"path \\\"botkeeper/data/tokens/"
					+ denied + "\\\" { capabilities = [\\\"deny\\\"] }\"}", Map.of());
			String created = vault.send("POST", "auth/token/create",
					"{\"policies\":[\"botkeeper-broker\",\"deny-one-token\"],\"ttl\":\"1h\"}", Map.of());
			String limited = LeakCanaries.plant(created.replaceFirst("(?s).*\"client_token\":\"([^\"]+)\".*", "$1"));

			CliRun result = CliRun.withEnv(brokerEnv(world, limited), "", syncArgs(world, "sync", "--yes"));

			assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
			assertThat(world.decrypted(denied)).as("nothing pushed for the denied path").isNull();
			world.tokens().forEach((repository, token) -> {
				if (!repository.equals(denied)) {
					assertThat(world.decrypted(repository)).as(result.describe()).isEqualTo(token);
				}
			});
			assertThat(result.err()).contains(denied.toString()).contains("403");
		}
	}

	@Test
	void anUnreachableVaultShouldEndTheRunQuicklyWithAClearMessage() throws Exception {
		int port;
		try (var socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		long started = System.nanoTime();
		CliRun result = CliRun.withEnv(Map.of("VAULT_ADDR", "http://127.0.0.1:" + port, "VAULT_TOKEN", brokerToken,
				"GITHUB_API_URL", "http://127.0.0.1:9", "HOME", System.getProperty("user.home")), "", "sync", "--yes");
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(result.exitCode()).as(result.describe()).isNotZero();
		assertThat(result.err()).contains("127.0.0.1:" + port);
		assertThat(took).as("bounded by the connect timeout").isLessThan(Duration.ofSeconds(15));
	}

	private static void expireLeaseIfHeld() {
		VaultLeaseStore leases = new VaultLeaseStore(broker, VaultLayout.defaults());
		leases.read().filter(current -> current.lease().expiresAt().isAfter(Instant.now())).ifPresent(current -> leases
			.compareAndSet(current.version(), new LeaseStore.Record(current.lease().holder(), current.lease().fencing(),
					Instant.now().minusSeconds(1))));
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
