package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class RateLimitNoticeTests {

	@Test
	void waitsShouldBeShownRoundedUpInSecondsThenMinutes() {
		assertThat(RateLimitNotice.roughly(Duration.ofMillis(1500))).isEqualTo("2s");
		assertThat(RateLimitNotice.roughly(Duration.ofSeconds(119))).isEqualTo("119s");
		assertThat(RateLimitNotice.roughly(Duration.ofSeconds(120))).isEqualTo("2m");
		assertThat(RateLimitNotice.roughly(Duration.ofSeconds(3541))).isEqualTo("60m");
	}

	@Test
	void aWaitShouldBeOneLineAndNoWaitNone() {
		StringWriter err = new StringWriter();
		RateLimitNotice notice = new RateLimitNotice(new PrintWriter(err, true));

		notice.rateLimitWait(true, Duration.ZERO);
		notice.rateLimitWait(true, Duration.ofMinutes(9));
		notice.rateLimitWait(false, Duration.ofSeconds(60));

		assertThat(err.toString().lines()).containsExactly("Waiting 9m for GitHub's primary rate limit to reset.",
				"Waiting 60s after GitHub's secondary rate limit.");
	}

}
