package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import org.botkeeper.testsupport.ManualTime;
import org.junit.jupiter.api.Test;

/** The breaker in front of GitHub, on manual time: when it opens, what it says, and how it closes again. */
class GitHubCircuitTests {

	private static final Duration TOOK = Duration.ofMillis(50);

	private final ManualTime time = new ManualTime(Instant.parse("2026-11-25T12:00:00Z"));

	private final GitHubCircuit circuit = new GitHubCircuit(time);

	private void fail(int tries) {
		for (int i = 0; i < tries; i++) {
			circuit.enter("read environment");
			circuit.answered(503, TOOK);
		}
	}

	@Test
	void shouldOpenOnceHalfOfEnoughTriesFailedAndThenRefuseWithoutCalling() {
		fail(GitHubCircuit.MINIMUM - 1);
		assertThat(circuit.state()).as("too few tries to judge").isEqualTo(GitHubCircuit.State.CLOSED);

		circuit.enter("read environment");
		circuit.noAnswer(new IOException("connection reset"), TOOK);

		assertThat(circuit.state()).isEqualTo(GitHubCircuit.State.OPEN);
		time.advance(Duration.ofSeconds(20));
		assertThatExceptionOfType(GitHubCircuitOpenException.class).isThrownBy(() -> circuit.enter("put secret"))
			.withMessage("Cannot put secret: GitHub is failing: 10 of the last 10 requests failed; not calling it for "
					+ "40 s.");
	}

	@Test
	void answersBelow500ShouldCountAsGitHubWorking() {
		for (int i = 0; i < GitHubCircuit.WINDOW; i++) {
			circuit.enter("read environment");
			circuit.answered(i % 2 == 0 ? 404 : 403, TOOK);
		}
		fail(GitHubCircuit.MINIMUM - 1);

		assertThat(circuit.state()).as("9 of the last 20 failed: under half").isEqualTo(GitHubCircuit.State.CLOSED);
	}

	@Test
	void shouldHalfOpenAfterItsWaitAndCloseWhenTheTrialsSucceed() {
		fail(GitHubCircuit.MINIMUM);
		time.advance(GitHubCircuit.OPEN_FOR.plusSeconds(1));

		for (int i = 0; i < GitHubCircuit.TRIAL_TRIES; i++) {
			circuit.enter("read environment");
			assertThat(circuit.state()).isEqualTo(GitHubCircuit.State.HALF_OPEN);
			circuit.answered(200, TOOK);
		}

		assertThat(circuit.state()).isEqualTo(GitHubCircuit.State.CLOSED);
	}

	@Test
	void aFailedTrialShouldOpenItAgain() {
		fail(GitHubCircuit.MINIMUM);
		time.advance(GitHubCircuit.OPEN_FOR.plusSeconds(1));

		fail(GitHubCircuit.TRIAL_TRIES);

		assertThat(circuit.state()).isEqualTo(GitHubCircuit.State.OPEN);
	}

	@Test
	void aTryNotSentShouldGiveItsTrialPlaceBack() {
		fail(GitHubCircuit.MINIMUM);
		time.advance(GitHubCircuit.OPEN_FOR.plusSeconds(1));
		for (int i = 0; i < GitHubCircuit.TRIAL_TRIES; i++) {
			circuit.enter("read environment");
			circuit.notSent();
		}

		circuit.enter("read environment");

		assertThat(circuit.state()).isEqualTo(GitHubCircuit.State.HALF_OPEN);
	}

}
