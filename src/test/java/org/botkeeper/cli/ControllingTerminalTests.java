package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ControllingTerminalTests {

	@Test
	void whatTheLauncherSaysShouldBeBelievedWithoutAskingAShell() {
		// Under the test runner neither descriptor is a terminal, so only the properties can say true.
		Map<String, String> told = Map.of("botkeeper.stdin.terminal", "true", "botkeeper.stdout.terminal", "true");
		assertThat(ControllingTerminal.isTerminal(0, told::get)).isTrue();
		assertThat(ControllingTerminal.isTerminal(1, told::get)).isTrue();
		Map<String, String> not = Map.of("botkeeper.stdin.terminal", "false", "botkeeper.stdout.terminal", "false");
		assertThat(ControllingTerminal.isTerminal(0, not::get)).isFalse();
		assertThat(ControllingTerminal.isTerminal(1, not::get)).isFalse();
	}

	@Test
	void withoutAClearAnswerAShellShouldBeAsked() {
		Map<String, String> unclear = Map.of("botkeeper.stdout.terminal", "yes");
		assertThat(ControllingTerminal.isTerminal(1, unclear::get)).isFalse();
		assertThat(ControllingTerminal.isTerminal(0, name -> null)).isFalse();
	}

}
