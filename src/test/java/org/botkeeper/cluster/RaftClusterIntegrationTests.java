package org.botkeeper.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.testsupport.RaftWorld.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.githubsim.GitHubSimulator;
import org.botkeeper.sync.Reason;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.RaftCluster;
import org.botkeeper.testsupport.RaftWorld;
import org.botkeeper.testsupport.RunningServe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * botkeeper on Vault as production runs it: a three-node OpenBao raft cluster behind TLS from a
 * private CA (see {@link RaftCluster}), with the real CLI verifying the servers through
 * {@code VAULT_CACERT}; then the active node killed between runs and in the middle of one, and the next
 * sync through a survivor converging. GitHub is the simulator, in this JVM.
 */
class RaftClusterIntegrationTests {

	private static final Path OUTPUTS = Path.of(System.getProperty("user.dir"), "target", "raft-cluster-it");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final RaftWorld WORLD = new RaftWorld("cluster-it", false);

	private static RaftCluster cluster;

	private static GitHubSimulator github;

	private static String adminToken;

	private static String brokerToken;

	@BeforeAll
	static void tokens() {
		if (!RaftWorld.openBao()) {
			return;
		}
		cluster = WORLD.cluster();
		github = WORLD.github();
		int leader = cluster.leader();
		adminToken = WORLD.token(leader, "botkeeper-admin");
		brokerToken = WORLD.token(leader, "botkeeper-broker");
	}

	@Test
	void syncThroughTheClusterShouldVerifyTlsWithTheCaFromVaultCacert() {
		String repository = WORLD.repository("tls");
		int node = cluster.leader();
		String token = putToken(node, repository);

		CliRun sync = WORLD.botkeeper(cluster.cliEnv(node, brokerToken), "sync", "--yes", repository);

		assertThat(sync.exitCode()).as(sync.describe()).isZero();
		assertThat(WORLD.pushed(repository)).isEqualTo(token);

		Map<String, String> noCa = new HashMap<>(cluster.cliEnv(node, brokerToken));
		noCa.remove("VAULT_CACERT");
		CliRun refused = WORLD.botkeeper(noCa, "sync", "--yes", repository);
		assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(refused.err()).contains("TLS handshake with " + cluster.address(node) + " failed")
			.contains("VAULT_CACERT");
	}

	@Test
	void afterTheLeaderIsKilledASyncThroughASurvivorShouldConvergeAndWriteEachVersionOnce() {
		String repository = WORLD.repository("failover");
		int leader = cluster.leader();
		String token = putToken(leader, repository);
		check(WORLD.botkeeper(cluster.cliEnv(leader, brokerToken), "sync", "--yes", repository));
		long puts = WORLD.secretPuts();

		Instant killed = Instant.now();
		cluster.kill(leader);
		int newLeader = cluster.leader();
		System.err.println("raft cluster: node " + newLeader + " took over from node " + leader + " after "
				+ Duration.between(killed, Instant.now()).toMillis() + " ms");
		try {
			int survivor = (newLeader + 1) % 3 == leader ? (newLeader + 2) % 3 : (newLeader + 1) % 3;
			cluster.awaitFollowing(survivor, newLeader);
			CliRun sync = WORLD.botkeeper(cluster.cliEnv(survivor, brokerToken), "sync", "--yes", repository);
			assertThat(sync.exitCode()).as(sync.describe()).isZero();
			System.err.println("raft cluster: first sync through a survivor done " + Duration.between(killed, Instant.now())
				.toMillis() + " ms after the kill");
			assertThat(WORLD.secretPuts()).as("secret writes after the failover").isEqualTo(puts);
			assertThat(WORLD.pushed(repository)).isEqualTo(token);

			// Writes still work through the standby (the new leader takes them): a new token goes out exactly once.
			String rotated = putToken(survivor, repository);
			check(WORLD.botkeeper(cluster.cliEnv(survivor, brokerToken), "sync", "--yes", repository));
			check(WORLD.botkeeper(cluster.cliEnv(survivor, brokerToken), "sync", "--yes", repository));
			assertThat(WORLD.secretPuts()).as("secret writes for the rotated token").isEqualTo(puts + 1);
			assertThat(WORLD.pushed(repository)).isEqualTo(rotated);

			CliRun status = WORLD.botkeeper(cluster.cliEnv(survivor, brokerToken), "status");
			assertThat(status.exitCode()).as(status.describe()).isZero();
			assertThat(status.out()).contains(repository);
		}
		finally {
			cluster.start(leader);
		}
	}

	@Test
	void aSyncWhoseActiveVaultNodeDiesMidRunShouldFinishThroughItsStandbyAndWriteEachVersionOnce() throws Exception {
		List<String> repositories = new ArrayList<>();
		Map<String, String> tokens = new HashMap<>();
		// The run reads through the standby from its first request: it must know the active node already.
		int leader = cluster.awaitSteady();
		int standby = (leader + 1) % 3;
		for (int i = 1; i <= 4; i++) {
			String repository = WORLD.repository("midrun" + i);
			repositories.add(repository);
			tokens.put(repository, putToken(leader, repository));
		}
		long puts = WORLD.secretPuts();
		github.faults().holdAfterSecretPut(2);
		List<String> args = new ArrayList<>(List.of("sync", "--yes"));
		args.addAll(repositories);
		Process sync = child(cluster.cliEnv(standby, brokerToken), "midrun-killed", args);
		try {
			assertThat(github.faults().awaitHeld(Duration.ofSeconds(90))).as("the 2nd PUT was reached").isTrue();
			Instant killed = Instant.now();
			// GitHub took the 2nd write; the active node dies before the run can record it, and the standby the
			// run talks to cannot pass the confirmation on until a new active node is elected.
			cluster.kill(leader);
			github.faults().releaseHeld();
			assertThat(sync.waitFor(120, TimeUnit.SECONDS)).as("the sync ended in time").isTrue();
			String err = output("midrun-killed.err");
			assertThat(sync.exitValue()).as(err).isZero();
			assertThat(err).contains("4 applied, 0 unchanged, 0 blocked, 0 failed, 0 skipped");
			System.err.println("raft cluster: a sync whose active node died under a write finished through standby "
					+ standby + " " + Duration.between(killed, Instant.now()).toMillis() + " ms after the kill");
			repositories.forEach(repository -> assertThat(WORLD.pushed(repository)).as(repository).isEqualTo(tokens.get(repository)));
			for (String repository : repositories) {
				assertThat(recorded(cluster.leader(), "sync/" + repository, "pushed_version")).as(repository).isEqualTo("1");
			}

			CliRun rerun = WORLD.botkeeper(cluster.cliEnv(standby, brokerToken), args.toArray(String[]::new));
			check(rerun);
			assertThat(rerun.err()).as(rerun.describe()).contains("Nothing to do: every binding is up to date");
			// Four versions, four writes: the confirmation the dead node never took was recorded once a new active
			// node answered, so no run writes the 2nd again.
			assertThat(WORLD.secretPuts() - puts).as("secret writes").isEqualTo(4);
		}
		finally {
			sync.destroyForcibly();
			cluster.start(leader);
		}
	}

	@Test
	void serveOnAStandbyShouldKeepSyncingWhenTheActiveNodeDies() throws Exception {
		String repository = WORLD.repository("serve");
		int leader = cluster.leader();
		int standby = (leader + 1) % 3;
		String first = putToken(leader, repository);
		Map<String, String> vault = new HashMap<>(cluster.cliEnv(standby, brokerToken));
		vault.remove("HOME");
		try (RunningServe serve = RunningServe.start(vault, WebApplicationType.SERVLET, "--server.port=0",
				"--botkeeper.schedule.interval=1s", "--botkeeper.schedule.max-backoff=2s",
				"--botkeeper.github.api-url=" + github.url(), "--botkeeper.github.write-gap=0s")) {
			RunningServe.await("serve to push the token", () -> first.equals(WORLD.pushed(repository)));
			long puts = WORLD.secretPuts();

			Instant killed = Instant.now();
			cluster.kill(leader);
			// A standby forwards writes to the active node: until a new one is elected they answer 500.
			cluster.leader();
			String rotated = putToken(standby, repository);
			RunningServe.await("serve to push the rotated token", () -> rotated.equals(WORLD.pushed(repository)));
			System.err.println("raft cluster: serve on node " + standby + " pushed a token rotated after the leader died "
					+ Duration.between(killed, Instant.now()).toMillis() + " ms after the kill");
			RunningServe.await("serve's health to say UP", () -> healthIs(serve, "UP"));
			// A few more cycles on the new leader: the rotated version goes out once.
			Thread.sleep(Duration.ofSeconds(3));
			assertThat(WORLD.secretPuts()).as("secret writes after the failover").isEqualTo(puts + 1);
		}
		finally {
			cluster.start(leader);
		}
	}

	@Test
	void twoServeReplicasOnDifferentNodesShouldNeverShareTheLeaseAndWriteEachVersionOnce() throws Exception {
		String repository = WORLD.repository("replicas");
		// The replicas read through the standbys from their first request: those must know the active node.
		int leader = cluster.awaitSteady();
		int[] standbys = { (leader + 1) % 3, (leader + 2) % 3 };
		String first = putToken(leader, repository);
		// Each replica its own JVM (a lease holder is a process) and its own node; the lease as Vault shows it is
		// sampled all along: every fencing number must belong to one holder only.
		Map<Long, java.util.Set<String>> holders = new java.util.concurrent.ConcurrentHashMap<>();
		java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
		Thread sampler = Thread.ofVirtual().start(() -> {
			while (sampling.get()) {
				for (int node : standbys) {
					try {
						tools.jackson.databind.JsonNode data = cluster.root(node, "GET", "botkeeper/data/lease/sync", null)
							.path("data").path("data");
						if (data.has("holder")) {
							holders.computeIfAbsent(data.path("fencing").asLong(), f -> java.util.concurrent.ConcurrentHashMap.newKeySet())
								.add(data.path("holder").asString());
						}
					}
					catch (RuntimeException ex) {
						// that node is electing or gone: the other is asked
					}
				}
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		List<Process> replicas = new ArrayList<>();
		try {
			int[] ports = new int[2];
			for (int i = 0; i < 2; i++) {
				Map<String, String> vault = new HashMap<>(cluster.cliEnv(standbys[i], brokerToken));
				vault.remove("HOME");
				ports[i] = freePort();
				replicas.add(child(vault, "replica-" + i, List.of("serve", "--server.port=" + ports[i],
						"--botkeeper.schedule.interval=1s", "--botkeeper.schedule.max-backoff=2s",
						"--botkeeper.schedule.change-poll=500ms", "--botkeeper.github.api-url=" + github.url(),
						"--botkeeper.github.write-gap=0s")));
			}
			// What is measured below is serve's syncing, not how long a JVM takes to start.
			for (int i = 0; i < 2; i++) {
				awaitAnswering(replicas.get(i), "replica-" + i, ports[i]);
			}
			RunningServe.await("a replica to push the token", Duration.ofMillis(200), () -> first.equals(WORLD.pushed(repository)));
			long puts = WORLD.secretPuts();
			String second = putToken(leader, repository);
			RunningServe.await("a replica to push the second version", Duration.ofMillis(200),
					() -> second.equals(WORLD.pushed(repository)));

			Instant killed = Instant.now();
			cluster.kill(leader);
			int newLeader = cluster.leader();
			String third = putToken(newLeader, repository);
			RunningServe.await("a replica to push a version written after the failover", Duration.ofMillis(200),
					() -> third.equals(WORLD.pushed(repository)));
			System.err.println("raft cluster: two replicas, a version written after the leader died went out "
					+ Duration.between(killed, Instant.now()).toMillis() + " ms after the kill");
			// Several more cycles of both replicas: nothing is written again.
			Thread.sleep(Duration.ofSeconds(4));

			assertThat(WORLD.secretPuts() - puts).as("each new version written once, by one replica").isEqualTo(2);
			assertThat(replicas).as("both replicas still run").allMatch(Process::isAlive);
			assertThat(holders).as("the lease as sampled").isNotEmpty();
			holders.forEach((fencing, names) -> assertThat(names).as("holders of fencing " + fencing).hasSize(1));
			System.err.println("raft cluster: two replicas, the lease as sampled (fencing: holder): " + holders);
		}
		finally {
			sampling.set(false);
			sampler.join();
			replicas.forEach(Process::destroy);
			for (Process replica : replicas) {
				replica.waitFor(20, TimeUnit.SECONDS);
			}
			cluster.start(leader);
		}
		for (int i = 0; i < 2; i++) {
			output("replica-" + i + ".out");
			output("replica-" + i + ".err");
		}
	}

	@Test
	void afterASnapshotRestoreThePlanShouldSayThatSyncingPutsAnOlderTokenBackAndTheNewestPutAgainShouldGoOutOnce()
			throws Exception {
		// Two bindings through the same restore: one as the operations guide says (the newest token put again
		// first), one synced straight away.
		String repository = WORLD.repository("restore");
		String straight = WORLD.repository("restore-straight");
		int leader = cluster.leader();
		String first = putToken(leader, repository);
		String straightFirst = putToken(leader, straight);
		check(WORLD.botkeeper(cluster.cliEnv(leader, brokerToken), "sync", "--yes", repository, straight));
		Path snapshot = OUTPUTS.resolve("restore-drill.snap");
		Files.createDirectories(OUTPUTS);
		cluster.saveSnapshot(leader, snapshot);
		try {
			// GitHub's updated_at has whole seconds, and drift is decided from it: the rotation must go out in a
			// later second than the snapshot's last push to be told apart from it.
			Thread.sleep(1_000 - Instant.now().getNano() / 1_000_000 + 50);
			String rotated = putToken(leader, repository);
			String straightRotated = putToken(leader, straight);
			check(WORLD.botkeeper(cluster.cliEnv(leader, brokerToken), "sync", "--yes", repository, straight));
			assertThat(WORLD.pushed(repository)).isEqualTo(rotated);
			assertThat(WORLD.pushed(straight)).isEqualTo(straightRotated);
			assertThat(recorded(leader, "sync/" + repository, "pushed_version")).isEqualTo("2");
			long puts = WORLD.secretPuts();

			Instant restoring = Instant.now();
			cluster.restoreSnapshot(leader, snapshot);
			long answered = Duration.between(restoring, Instant.now()).toMillis();
			// OpenBao answers the POST before it applies the snapshot: a node is back once it answers with the ledger
			// as the snapshot holds it (version 1 pushed; version 2 until the restore). The active node first.
			Predicate<JsonNode> restored = body -> "1"
				.equals(body.path("data").path("data").path("pushed_version").asString());
			String ledgerPath = "botkeeper/data/sync/" + repository;
			cluster.awaitAnswer(leader, "with the restored ledger", ledgerPath, restored);
			long active = Duration.between(restoring, Instant.now()).toMillis();
			for (int i = 0; i < 3; i++) {
				cluster.awaitAnswer(i, "with the restored ledger", ledgerPath, restored);
			}
			System.err.println("raft cluster: snapshot restore POSTed to node " + leader + " (answered in " + answered
					+ " ms); the active node served the restored data " + active + " ms after the POST, all three nodes "
					+ Duration.between(restoring, Instant.now()).toMillis() + " ms after it");
			int node = cluster.leader();
			assertThat(recorded(node, "sync/" + repository, "pushed_version")).as("the restored ledger").isEqualTo("1");
			assertThat(cluster.root(node, "GET", "botkeeper/metadata/tokens/" + repository, null)
				.path("data").path("current_version").asLong()).as("the restored token record's version").isEqualTo(1);
			assertThat(WORLD.pushed(repository)).as("GitHub is not part of the snapshot").isEqualTo(rotated);

			// From Vault alone everything looks synced: the ledger and the token were rolled back together.
			CliRun recordedStatus = WORLD.botkeeper(cluster.cliEnv(node, brokerToken), "status", "--format", "json",
					repository);
			check(recordedStatus);
			JsonNode fromVault = JSON.readTree(recordedStatus.out()).path("bindings").path(0);
			assertThat(fromVault.path("state").asString()).isEqualTo("SYNCED");
			assertThat(fromVault.path("vault_version").asLong()).isEqualTo(1);
			assertThat(fromVault.path("pushed_version").asLong()).isEqualTo(1);
			// GitHub's updated_at is newer than the restored ledger's: only asking GitHub shows it.
			CliRun driftStatus = WORLD.botkeeper(cluster.cliEnv(node, brokerToken), "status", "--drift", "--format", "json",
					repository);
			check(driftStatus);
			assertThat(JSON.readTree(driftStatus.out()).path("bindings").path(0).path("drift").asBoolean(false))
				.as(driftStatus.describe()).isTrue();

			// The plan: version 1 would go out over the newer version 2, and the reason says what that may be.
			CliRun plan = WORLD.botkeeper(cluster.cliEnv(node, brokerToken), "sync", "--plan", repository);
			check(plan);
			assertThat(plan.out().replaceAll("\\s+", " ")).as(plan.describe())
				.contains(repository + " UPDATE_SECRET 1 "
						+ Reason.CHANGED_OUT_OF_BAND.sentence());
			CliRun planJson = WORLD.botkeeper(cluster.cliEnv(node, brokerToken), "sync", "--plan", "--format", "json",
					repository);
			check(planJson);
			JsonNode item = JSON.readTree(planJson.out()).path("items").path(0);
			assertThat(item.path("action").asString()).isEqualTo("UPDATE_SECRET");
			assertThat(item.path("version").asLong()).isEqualTo(1);
			assertThat(item.path("reason").asString()).isEqualTo("CHANGED_OUT_OF_BAND");
			assertThat(WORLD.secretPuts()).as("a plan writes nothing").isEqualTo(puts);

			// Applied as planned, that is a rollback: GitHub gets the older token back over the newer one.
			CliRun rollback = WORLD.botkeeper(cluster.cliEnv(node, brokerToken), "sync", "--yes", straight);
			check(rollback);
			assertThat(rollback.err().replaceAll("\\s+", " ")).as(rollback.describe())
				.contains(straight + " UPDATE_SECRET 1 " + Reason.CHANGED_OUT_OF_BAND.sentence())
				.contains("DONE pushed version 1");
			assertThat(WORLD.pushed(straight)).as("GitHub after syncing the restored Vault").isEqualTo(straightFirst);
			assertThat(WORLD.secretPuts() - puts).as("secret writes of the rollback").isEqualTo(1);

			// What the plan tells the operator: store the newest token again (Vault's version 2, anew), then sync.
			putToken(node, repository, rotated);
			CliRun replan = WORLD.botkeeper(cluster.cliEnv(node, brokerToken), "sync", "--plan", repository);
			check(replan);
			assertThat(replan.out().replaceAll("\\s+", " ")).as(replan.describe())
				.contains(repository + " UPDATE_SECRET 2 " + Reason.NEW_TOKEN_VERSION.sentence());
			check(WORLD.botkeeper(cluster.cliEnv(node, brokerToken), "sync", "--yes", repository));
			check(WORLD.botkeeper(cluster.cliEnv(node, brokerToken), "sync", "--yes", repository));
			assertThat(WORLD.secretPuts() - puts).as("secret writes after the restore: the rollback, then the newest token")
				.isEqualTo(2);
			assertThat(WORLD.pushed(repository)).isEqualTo(rotated).isNotEqualTo(first);
			assertThat(recorded(node, "sync/" + repository, "pushed_version")).isEqualTo("2");
		}
		finally {
			Files.deleteIfExists(snapshot);
		}
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Waits until a child serve answers HTTP on {@code port}, that is until it has started; fails at once with
	 * its output if it ended instead. Starting a child JVM and Spring is not what a test's 30 s for a push
	 * measures: on a CI machine loaded with other builds it took 24 s ("Started Botkeeper in 24.397
	 * seconds", Tomcat's initialisation alone 11 s), leaving the replicas 3 s for their first runs. 90 s, as
	 * for the child sync of the mid-run test to reach GitHub.
	 */
	private static void awaitAnswering(Process child, String name, int port) throws IOException, InterruptedException {
		java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		java.net.http.HttpRequest request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health"))
			.timeout(Duration.ofSeconds(5))
			.build();
		Instant started = Instant.now();
		Instant deadline = started.plusSeconds(90);
		while (true) {
			if (!child.isAlive()) {
				throw new AssertionError(name + " ended with exit " + child.exitValue() + " before it answered on port "
						+ port + ":\n" + output(name + ".err") + output(name + ".out"));
			}
			try {
				http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
				System.err.println("raft cluster: " + name + " answered " + Duration.between(started, Instant.now())
					.toMillis() + " ms after it was started");
				return;
			}
			catch (IOException ex) {
				// not listening yet
			}
			assertThat(Instant.now()).as("waited 90 s for " + name + " to start and answer on port " + port)
				.isBefore(deadline);
			Thread.sleep(200);
		}
	}

	private static boolean healthIs(RunningServe serve, String status) {
		try {
			return status.equals(JSON.readTree(serve.get("/actuator/health")).path("status").asString());
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Runs botkeeper as a child JVM (its own process, so a later run may take over its lease once it is gone). */
	private static Process child(Map<String, String> vault, String name, List<String> args) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", classPath(), "org.botkeeper.Botkeeper"));
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(vault);
		builder.environment().put("GITHUB_API_URL", github.url());
		builder.environment().put("BOTKEEPER_WRITE_GAP", "0s");
		Files.createDirectories(OUTPUTS);
		builder.redirectOutput(OUTPUTS.resolve(name + ".out").toFile());
		builder.redirectError(OUTPUTS.resolve(name + ".err").toFile());
		return builder.start();
	}

	private static String output(String name) throws IOException {
		String text = Files.readString(OUTPUTS.resolve(name));
		LeakCanaries.assertNoLeak(name + " of a child botkeeper", text);
		return text;
	}

	private static String classPath() {
		String surefire = System.getProperty("surefire.test.class.path");
		return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
	}

	private static String putToken(int node, String repository) {
		String token = LeakCanaries.fineGrainedPat();
		putToken(node, repository, token);
		return token;
	}

	private static void putToken(int node, String repository, String token) {
		check(CliRun.withEnv(cluster.cliEnv(node, adminToken), token + "\n", "token", "put", repository));
	}

	/** One field of botkeeper's KV record at {@code path} (under its mount), read as root. */
	private static String recorded(int node, String path, String field) {
		return cluster.root(node, "GET", "botkeeper/data/" + path, null).path("data").path("data").path(field).asString();
	}

}
