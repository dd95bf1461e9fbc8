package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.botkeeper.testsupport.ManualTime;
import org.junit.jupiter.api.Test;

class RequestGateTests {

	@Test
	void mutationsShouldStartAtLeastTheGapApart() throws Exception {
		ManualTime time = new ManualTime(Instant.parse("2026-11-25T12:00:00Z"));
		RequestGate gate = new RequestGate(time, time, Duration.ofSeconds(1));

		gate.beginMutation();
		gate.endMutation();
		time.advance(Duration.ofMillis(300));
		gate.beginMutation();
		gate.endMutation();

		assertThat(time.sleeps()).containsExactly(Duration.ofMillis(700));
	}

	@Test
	void closedGateShouldHoldReadsAndMutationsUntilItOpens() throws Exception {
		ManualTime time = new ManualTime(Instant.parse("2026-11-25T12:00:00Z"));
		RequestGate gate = new RequestGate(time, time, Duration.ofSeconds(1));
		gate.closeUntil(time.instant().plusSeconds(90));

		gate.awaitOpen();
		gate.beginMutation();
		gate.endMutation();

		assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(90));
		assertThat(time.instant()).isEqualTo(Instant.parse("2026-11-25T12:01:30Z"));
	}

}
