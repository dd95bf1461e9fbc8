package org.botkeeper.github;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a 403 or 429 the way GitHub documents its limits
 * (<a href="https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit">exceeding
 * the rate limit</a>): {@code retry-after} first; else {@code x-ratelimit-remaining: 0} means wait
 * until {@code x-ratelimit-reset} (epoch seconds); else a secondary limit, wait at least a minute
 * and back off exponentially on repeats.
 *
 * @param primary true when the primary quota is spent (wait for the reset)
 * @param until when requests may resume, when GitHub said so
 */
record RateLimitSignal(boolean primary, Optional<Instant> until) {

	/** The limit this answer signals, or empty when it is not a rate limit (a plain 403). */
	static Optional<RateLimitSignal> of(int status, HttpHeaders headers, String body, Instant now) {
		if (status != 403 && status != 429) {
			return Optional.empty();
		}
		Optional<String> retryAfter = headers.firstValue("retry-after");
		if (retryAfter.isPresent()) {
			try {
				long seconds = Long.parseLong(retryAfter.get().strip());
				return Optional.of(new RateLimitSignal(false, Optional.of(now.plusSeconds(Math.max(0, seconds)))));
			}
			catch (NumberFormatException ex) {
				// An HTTP-date form is allowed by RFC 9110 but GitHub sends seconds; fall through.
			}
		}
		if (headers.firstValue("x-ratelimit-remaining").map(String::strip).filter("0"::equals).isPresent()) {
			Optional<Instant> reset = headers.firstValue("x-ratelimit-reset").flatMap(RateLimitSignal::epochSeconds);
			return Optional.of(new RateLimitSignal(true, reset));
		}
		// A 403 is only a secondary limit when GitHub says so; otherwise it is a permission problem.
		boolean saysLimit = body != null && body.toLowerCase(Locale.ROOT).contains("rate limit");
		if (status == 429 || saysLimit) {
			return Optional.of(new RateLimitSignal(false, Optional.empty()));
		}
		return Optional.empty();
	}

	/**
	 * How long to wait before try {@code attempt} (1 for the first retry): until the time GitHub
	 * named, else the secondary wait doubled per repeat.
	 */
	Duration waitBefore(int attempt, Duration secondaryWait, Instant now) {
		if (until.isPresent()) {
			Duration named = Duration.between(now, until.get());
			// x-ratelimit-reset has one-second resolution: one more second keeps us from arriving early.
			return (named.isNegative() ? Duration.ZERO : named).plusSeconds(primary ? 1 : 0);
		}
		return secondaryWait.multipliedBy(1L << Math.min(attempt - 1, 10));
	}

	private static Optional<Instant> epochSeconds(String text) {
		try {
			return Optional.of(Instant.ofEpochSecond(Long.parseLong(text.strip())));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

}
