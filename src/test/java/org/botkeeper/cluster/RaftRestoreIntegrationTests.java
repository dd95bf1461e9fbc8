package org.botkeeper.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.testsupport.RaftWorld.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.botkeeper.sync.Reason;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.RaftCluster;
import org.botkeeper.testsupport.RaftWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The restore drill of the operations guide when the whole cluster is lost: a snapshot of one three-node
 * OpenBao raft cluster, taken after a sync, forced into a new cluster initialised for the purpose
 * ({@code snapshot-force}, then the old cluster's unseal keys), and the real CLI pointed at the new cluster's
 * address and CA. GitHub (the simulator) went on meanwhile: it holds a token newer than the snapshot's.
 */
class RaftRestoreIntegrationTests {

	private static final Path OUTPUTS = Path.of(System.getProperty("user.dir"), "target", "raft-restore-it");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@RegisterExtension
	static final RaftWorld WORLD = new RaftWorld("restore-lost", false);

	@Test
	void aSnapshotForcedIntoANewClusterShouldShowItsStateAndTheFirstSyncWriteEachBindingAtMostOnce() throws Exception {
		RaftCluster lost = WORLD.cluster();
		int leader = lost.leader();
		String admin = WORLD.token(leader, "botkeeper-admin");
		String broker = WORLD.token(leader, "botkeeper-broker");
		String rotated = WORLD.repository("new-cluster-rotated");
		String kept = WORLD.repository("new-cluster-kept");
		String rotatedFirst = putToken(lost.cliEnv(leader, admin), rotated);
		String keptToken = putToken(lost.cliEnv(leader, admin), kept);
		check(WORLD.botkeeper(lost.cliEnv(leader, broker), "sync", "--yes", rotated, kept));
		Path snapshot = OUTPUTS.resolve("lost-cluster.snap");
		Files.createDirectories(OUTPUTS);
		lost.saveSnapshot(leader, snapshot);
		// GitHub's updated_at has whole seconds, and drift is decided from it: the rotation must go out in a later
		// second than the snapshot's last push to be told apart from it.
		Thread.sleep(1_000 - Instant.now().getNano() / 1_000_000 + 50);
		String rotatedSecond = putToken(lost.cliEnv(leader, admin), rotated);
		check(WORLD.botkeeper(lost.cliEnv(leader, broker), "sync", "--yes", rotated));
		assertThat(WORLD.pushed(rotated)).isEqualTo(rotatedSecond);

		// The cluster is lost: every node and its data.
		lost.close();
		long puts = WORLD.secretPuts();
		Instant lostAt = Instant.now();
		try (RaftCluster fresh = RaftCluster.start("restore-new", false)) {
			long started = Duration.between(lostAt, Instant.now()).toMillis();
			Instant restoring = Instant.now();
			fresh.restoreForeignSnapshot(fresh.leader(), snapshot, lost);
			long restored = Duration.between(restoring, Instant.now()).toMillis();
			// The broker's token is the snapshot's, as every token is: the new cluster's own are gone with its keyring.
			Map<String, String> vault = fresh.cliEnv(fresh.leader(), broker);

			for (String repository : new String[] { rotated, kept }) {
				CliRun status = WORLD.botkeeper(vault, "status", "--format", "json", repository);
				check(status);
				JsonNode binding = JSON.readTree(status.out()).path("bindings").path(0);
				assertThat(binding.path("state").asString()).as(status.describe()).isEqualTo("SYNCED");
				assertThat(binding.path("pushed_version").asLong()).as("the snapshot's ledger").isEqualTo(1);
			}
			CliRun plan = WORLD.botkeeper(vault, "sync", "--plan", "--format", "json", rotated, kept);
			check(plan);
			Map<String, JsonNode> items = new HashMap<>();
			JSON.readTree(plan.out()).path("items").forEach(item -> items.put(item.path("binding").asString()
				.substring(0, item.path("binding").asString().indexOf(':')), item));
			assertThat(items.get(rotated).path("action").asString()).as(plan.describe()).isEqualTo("UPDATE_SECRET");
			assertThat(items.get(rotated).path("version").asLong()).isEqualTo(1);
			assertThat(items.get(rotated).path("reason").asString()).isEqualTo(Reason.CHANGED_OUT_OF_BAND.name());
			assertThat(items.get(kept).path("action").asString()).as(plan.describe()).isEqualTo("NOOP");
			assertThat(WORLD.secretPuts()).as("a plan writes nothing").isEqualTo(puts);

			Instant syncing = Instant.now();
			CliRun sync = WORLD.botkeeper(vault, "sync", "--yes", rotated, kept);
			check(sync);
			long synced = Duration.between(syncing, Instant.now()).toMillis();
			// As planned, and as the drill warns: the snapshot's token goes back over the newer one, once.
			assertThat(WORLD.secretPuts() - puts).as("secret writes of the first sync").isEqualTo(1);
			assertThat(WORLD.pushed(rotated)).isEqualTo(rotatedFirst);
			assertThat(WORLD.pushed(kept)).isEqualTo(keptToken);
			CliRun again = WORLD.botkeeper(vault, "sync", "--yes", rotated, kept);
			check(again);
			assertThat(again.err()).as(again.describe()).contains("Nothing to do: every binding is up to date");
			assertThat(WORLD.secretPuts() - puts).as("secret writes of both syncs").isEqualTo(1);
			System.err.println("raft cluster: restore into a new cluster: new cluster started and initialised in "
					+ started + " ms, snapshot forced and unsealed with the old keys in " + restored
					+ " ms, first sync in " + synced + " ms; " + Duration.between(lostAt, Instant.now()).toMillis()
					+ " ms from losing the cluster to GitHub converged and checked");
		}
		finally {
			Files.deleteIfExists(snapshot);
		}
	}

	private static String putToken(Map<String, String> admin, String repository) {
		String token = LeakCanaries.fineGrainedPat();
		check(CliRun.withEnv(admin, token + "\n", "token", "put", repository));
		return token;
	}

}
