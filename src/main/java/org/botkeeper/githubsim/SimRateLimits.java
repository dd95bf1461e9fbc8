package org.botkeeper.githubsim;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GitHub's primary limit (points per token per window, headers {@code x-ratelimit-*}) and a
 * secondary limit on mutating requests
 * (<a href="https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api">rate
 * limits for the REST API</a>). A 304 answer is not charged, as GitHub documents.
 */
final class SimRateLimits {

	/** The primary budget of one credential in its current window. */
	static final class Budget {

		Instant windowStart;

		int used;

	}

	private volatile SimulatorOptions options;

	private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

	private Instant mutationWindowStart = Instant.MIN;

	private int mutationsInWindow;

	SimRateLimits(SimulatorOptions options) {
		this.options = options;
	}

	synchronized Budget budget(String credential, Instant now) {
		Budget budget = budgets.computeIfAbsent(credential, key -> new Budget());
		if (budget.windowStart == null || !now.isBefore(budget.windowStart.plus(options.primaryWindow()))) {
			budget.windowStart = now;
			budget.used = 0;
		}
		return budget;
	}

	synchronized boolean primaryExhausted(Budget budget) {
		return budget.used >= options.primaryLimit();
	}

	synchronized void charge(Budget budget) {
		budget.used++;
	}

	/** Counts a mutating request; answers how long to wait when it is over the secondary limit. */
	synchronized Duration admitMutation(Instant now) {
		if (!now.isBefore(mutationWindowStart.plus(options.mutationWindow()))) {
			mutationWindowStart = now;
			mutationsInWindow = 0;
		}
		if (mutationsInWindow >= options.mutationsPerWindow()) {
			return Duration.between(now, mutationWindowStart.plus(options.mutationWindow()));
		}
		mutationsInWindow++;
		return Duration.ZERO;
	}

	/** The {@code x-ratelimit-*} headers for {@code budget}, as GitHub sends them on every answer. */
	synchronized Map<String, String> headers(Budget budget) {
		long reset = budget.windowStart.plus(options.primaryWindow()).getEpochSecond();
		// Round the reset up: it is in whole seconds and must not come before the window really ends.
		if (budget.windowStart.plus(options.primaryWindow()).getNano() > 0) {
			reset++;
		}
		return Map.of("x-ratelimit-limit", Integer.toString(options.primaryLimit()), "x-ratelimit-remaining",
				Integer.toString(Math.max(0, options.primaryLimit() - budget.used)), "x-ratelimit-used",
				Integer.toString(budget.used), "x-ratelimit-reset", Long.toString(reset), "x-ratelimit-resource", "core");
	}

	/** New limits from now on (the clock stays); every budget and window starts afresh. */
	synchronized void reconfigure(SimulatorOptions newOptions) {
		options = newOptions;
		budgets.clear();
		mutationWindowStart = Instant.MIN;
		mutationsInWindow = 0;
	}

	SimulatorOptions options() {
		return options;
	}

}
