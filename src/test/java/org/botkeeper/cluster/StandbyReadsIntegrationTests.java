package org.botkeeper.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.testsupport.RaftWorld.check;

import java.util.Map;

import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.RaftCluster;
import org.botkeeper.testsupport.RaftWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * botkeeper on a three-node OpenBao raft cluster as OpenBao 2.7 ships it: standbys answer reads from
 * their own copy ({@code disable_standby_reads = false}), which may lag a write they just passed to the
 * active node. Every sync writes the ledger with check-and-set and reads it back; through a standby that
 * only holds because botkeeper sends the write's {@code X-Vault-Index} back (vault.ReadYourWrites). Vault
 * is real (OpenBao, TLS); GitHub is the simulator.
 */
class StandbyReadsIntegrationTests {

	@RegisterExtension
	static final RaftWorld WORLD = new RaftWorld("standby-reads", true);

	@BeforeAll
	static void awaitTheWriterOnEveryNode() {
		if (!RaftWorld.openBao()) {
			return;
		}
		// vault init ran in another process, whose index this one never saw: wait until every standby holds
		// the mount and the writer, so what the test measures is each run reading its own writes.
		for (int node = 0; node < 3; node++) {
			WORLD.cluster().awaitAnswer(node, "the writer", "botkeeper/data/writer",
					body -> body.path("data").path("data").has("token"));
		}
	}

	@Test
	void rotationsSyncedThroughAStandbyThatServesReadsShouldEachGoOutOnce() {
		RaftCluster cluster = WORLD.cluster();
		int standby = (cluster.leader() + 1) % 3;
		Map<String, String> vault = cluster.cliEnv(standby, cluster.rootToken());
		String repository = WORLD.repository("standby-reads");
		long before = WORLD.secretPuts();

		for (int round = 1; round <= 5; round++) {
			String token = LeakCanaries.fineGrainedPat();
			check(CliRun.withEnv(vault, token + "\n", "token", "put", repository));
			// Straight after its own write: the ledger read back through the standby must be the one just written.
			CliRun sync = WORLD.botkeeper(vault, "sync", "--yes", repository);
			CliRun again = WORLD.botkeeper(vault, "sync", "--yes", repository);

			assertThat(sync.exitCode()).as("round " + round + ": " + sync.describe()).isZero();
			assertThat(again.exitCode()).as("round " + round + ": " + again.describe()).isZero();
			assertThat(again.err()).as("round " + round).contains("Nothing to do: every binding is up to date");
			assertThat(WORLD.pushed(repository)).as("round " + round).isEqualTo(token);
			assertThat(WORLD.secretPuts() - before).as("one write per rotation").isEqualTo(round);
		}
	}

}
