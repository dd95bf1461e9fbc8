package org.botkeeper.githubsim;

import java.time.Clock;
import java.time.Duration;

/**
 * How the simulator keeps time and which limits it enforces. GitHub's own figures are the default
 * (5,000 primary points an hour per token; a secondary limit of 80 content-creating requests a
 * minute); a benchmark compresses time by shrinking the windows with the same ratios.
 *
 * @param secondaryRetryAfter whether a secondary-limit answer carries {@code retry-after} (GitHub
 * sends it sometimes, not always)
 */
public record SimulatorOptions(Clock clock, int primaryLimit, Duration primaryWindow, int mutationsPerWindow,
		Duration mutationWindow, boolean secondaryRetryAfter) {

	public static SimulatorOptions defaults() {
		return new SimulatorOptions(Clock.systemUTC(), 5000, Duration.ofHours(1), 80, Duration.ofMinutes(1), true);
	}

	public SimulatorOptions withClock(Clock value) {
		return new SimulatorOptions(value, primaryLimit, primaryWindow, mutationsPerWindow, mutationWindow,
				secondaryRetryAfter);
	}

	public SimulatorOptions withPrimaryLimit(int limit, Duration window) {
		return new SimulatorOptions(clock, limit, window, mutationsPerWindow, mutationWindow, secondaryRetryAfter);
	}

	public SimulatorOptions withMutationLimit(int limit, Duration window, boolean retryAfter) {
		return new SimulatorOptions(clock, primaryLimit, primaryWindow, limit, window, retryAfter);
	}

}
