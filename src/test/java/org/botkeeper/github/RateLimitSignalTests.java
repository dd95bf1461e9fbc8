package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RateLimitSignalTests {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	@Test
	void spentPrimaryQuotaShouldWaitUntilTheResetAndOneSecondMore() {
		RateLimitSignal signal = RateLimitSignal
			.of(403, headers("x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(NOW.getEpochSecond() + 300)),
					"{\"message\":\"API rate limit exceeded\"}", NOW)
			.orElseThrow();

		assertThat(signal.primary()).isTrue();
		assertThat(signal.waitBefore(1, Duration.ofMinutes(1), NOW)).isEqualTo(Duration.ofSeconds(301));
	}

	@Test
	void retryAfterShouldWinOverEverythingElse() {
		RateLimitSignal signal = RateLimitSignal
			.of(429, headers("retry-after", "17", "x-ratelimit-remaining", "0", "x-ratelimit-reset", "0"), "", NOW)
			.orElseThrow();

		assertThat(signal.waitBefore(3, Duration.ofMinutes(1), NOW)).isEqualTo(Duration.ofSeconds(17));
	}

	@Test
	void secondaryLimitWithoutRetryAfterShouldWaitAMinuteAndDoubleOnRepeats() {
		RateLimitSignal signal = RateLimitSignal
			.of(403, headers("x-ratelimit-remaining", "4000"), "{\"message\":\"You have exceeded a secondary rate limit\"}",
					NOW)
			.orElseThrow();

		assertThat(signal.waitBefore(1, Duration.ofMinutes(1), NOW)).isEqualTo(Duration.ofMinutes(1));
		assertThat(signal.waitBefore(3, Duration.ofMinutes(1), NOW)).isEqualTo(Duration.ofMinutes(4));
	}

	@Test
	void plain403ShouldNotBeARateLimit() {
		assertThat(RateLimitSignal.of(403, headers("x-ratelimit-remaining", "4999"),
				"{\"message\":\"Resource not accessible by integration\"}", NOW))
			.isEmpty();
		assertThat(RateLimitSignal.of(404, headers(), "", NOW)).isEmpty();
	}

	private static HttpHeaders headers(String... pairs) {
		Map<String, List<String>> map = new java.util.HashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], List.of(pairs[i + 1]));
		}
		return HttpHeaders.of(map, (name, value) -> true);
	}

}
