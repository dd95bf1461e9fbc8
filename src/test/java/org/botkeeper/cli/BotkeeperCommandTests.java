package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.junit.jupiter.api.Test;

class BotkeeperCommandTests {

	@Test
	void versionShouldNameBotkeeperAndTheJavaRuntime() {
		CliRun run = CliRun.run("--version");
		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.out()).startsWith("botkeeper ").contains("Java ");
		assertThat(run.out()).doesNotContain("unknown").doesNotContain("@project.version@");
	}

	@Test
	void helpShouldStartWithUsageAndListCommandsAndExitCodes() {
		CliRun run = CliRun.run("--help");
		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.out()).startsWith("Usage:").contains("Commands:").contains("Examples:").contains("Exit codes:");
	}

	@Test
	void noCommandShouldBeBadInputWithUsageOnStderr() {
		CliRun run = CliRun.run();
		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).contains("Missing required subcommand").contains("Usage:");
	}

	@Test
	void anUnknownCommandShouldBeBadInput() {
		CliRun run = CliRun.run("frobnicate");
		assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains("frobnicate");
	}

}
