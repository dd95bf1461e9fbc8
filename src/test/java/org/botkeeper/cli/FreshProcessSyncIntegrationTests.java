package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.botkeeper.sync.Ledger;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.Validators;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.VaultLedger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code botkeeper sync} run again and again as separate command lines, each with a GitHub client of
 * its own and nothing cached (a cron job): the ledger keeps GitHub's ETags, so a run that finds nothing
 * to do sends one conditional read per binding and pays no primary rate-limit point, and a change on
 * GitHub is still seen.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class FreshProcessSyncIntegrationTests {

	private SyncWorld world;

	private VaultCli broker;

	private RepositoryName a;

	private RepositoryName b;

	private String tokenA;

	private String tokenB;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		world = new SyncWorld(vault, github);
		world.storeWriter();
		broker = VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl());
		a = world.repositoryWithEnvironment("a");
		b = world.repositoryWithEnvironment("b");
		tokenA = world.putToken(a);
		tokenB = world.putToken(b);
		world.expireLeaseIfHeld();
		check(sync("--yes"));
	}

	private CliRun sync(String... options) {
		List<String> args = new java.util.ArrayList<>(List.of("sync"));
		args.addAll(List.of(options));
		args.add(a.toString());
		args.add(b.toString());
		return broker.run(args.toArray(String[]::new));
	}

	private static void check(CliRun run) {
		assertThat(run.exitCode()).as(run.describe()).isZero();
	}

	@Test
	void aNoChangeRunInAFreshProcessShouldPayNoPrimaryPoint() {
		long requests = world.github.counters().requests();
		long points = world.github.counters().primaryPointsUsed();
		long notModified = world.github.counters().notModified();
		long mutating = world.github.counters().mutatingRequests();

		CliRun again = sync("--yes");

		check(again);
		assertThat(world.github.counters().mutatingRequests()).as("nothing written").isEqualTo(mutating);
		assertThat(world.github.counters().primaryPointsUsed() - points)
			.as("every read conditional on the ETags the ledger kept: " + again.describe()).isZero();
		assertThat(world.github.counters().notModified() - notModified)
			.as("the secret of each binding answered 304").isEqualTo(2);
		assertThat(world.github.counters().requests() - requests).as("one conditional read per binding").isEqualTo(2);
	}

	@Test
	void recordsFromBeforeEtagsWereKeptShouldGetThemFromTheFirstNoChangeRun() {
		VaultLedger ledger = new VaultLedger(world.broker, world.layout);
		for (RepositoryName repository : List.of(a, b)) {
			Ledger.Versioned stored = ledger.read(repository).orElseThrow();
			LedgerEntry e = stored.entry().orElseThrow();
			ledger.compareAndSet(stored.version(), new LedgerEntry(e.binding(), e.owned(), e.pushedVersion(),
					e.githubUpdatedAt(), e.keyId(), e.syncedAt(), e.pendingVersion(), e.outcome(), e.lastError(),
					e.recordedAt(), e.retired(), Validators.NONE)).orElseThrow();
		}
		long points = world.github.counters().primaryPointsUsed();

		check(sync("--yes"));
		long upgradeRun = world.github.counters().primaryPointsUsed() - points;
		check(sync("--yes"));

		assertThat(upgradeRun).as("without ETags: the secret of each binding read in full").isEqualTo(2);
		assertThat(world.github.counters().primaryPointsUsed() - points - upgradeRun)
			.as("the first run kept the ETags it saw").isZero();
	}

	@Test
	void aSecretChangedOnGitHubShouldBeSeenByAFreshProcess() {
		String secretName = world.defaults.secretName().value();
		Instant pushed = world.environment(a).secret(secretName).updatedAt();
		world.environment(a).putOutOfBand(secretName, "tampered", pushed.plusSeconds(2));
		long puts = world.github.counters().count("PUT", 204);

		CliRun repair = sync("--yes");

		check(repair);
		assertThat(world.github.counters().count("PUT", 204) - puts).as("a pushed again, b left: " + repair.describe())
			.isEqualTo(1);
		assertThat(world.decrypted(a)).isEqualTo(tokenA);
	}

	@Test
	void aReplacedEnvironmentKeyShouldNotMakeAFreshProcessWriteAgain() {
		world.environment(b).rotateKey();
		long mutating = world.github.counters().mutatingRequests();

		CliRun again = sync("--yes");

		check(again);
		assertThat(world.github.counters().mutatingRequests()).as("GitHub opened b when it was written: "
				+ again.describe()).isEqualTo(mutating);
		assertThat(world.decrypted(b)).isEqualTo(tokenB);
		tokenB = world.putToken(b);
		check(sync("--yes"));
		assertThat(world.decrypted(b)).as("the next version is sealed to the new key").isEqualTo(tokenB);
	}

}
