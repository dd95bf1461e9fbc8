package org.botkeeper.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.botkeeper.testsupport.CliRun;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, run as a newcomer would: it must finish with every token proven on the
 * simulated GitHub, say loudly that GitHub is simulated, and never print a secret value.
 */
class DemoCommandIntegrationTests {

	@Test
	void demoShouldSyncEveryTokenAndProveItWithoutPrintingAnySecret() {
		CliRun run = CliRun.run("demo");
		assertThat(run.exitCode()).as(run.describe() + "\nstdout:\n" + run.out()).isZero();
		assertThat(run.out()).contains("GitHub is SIMULATED")
			.contains("Done: 3 applied, 0 unchanged, 0 blocked, 0 failed, 0 skipped.")
			.contains("Demo finished: every token in Vault is in its repository's environment secret.");
		assertThat(run.out().lines().filter(line -> line.startsWith("  OK   demo-org/"))).hasSize(3);
		// The demo makes its secrets itself, so look for their shapes rather than their values.
		assertThat(run.out() + run.err()).doesNotContainPattern("ghp_[A-Za-z0-9]{36}")
			.doesNotContainPattern("github_pat_[A-Za-z0-9_]{82}")
			.doesNotContainPattern("secret=[A-Z2-7]{32}");
	}

}
