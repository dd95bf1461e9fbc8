package org.botkeeper.githubsim;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Every limit GitHub documents for the REST API
 * (<a href="https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api">rate limits for
 * the REST API</a>), kept per identity: the primary budget (points per window; a 304 costs none) belongs
 * to the user, App installation or App, not to one token string, so a re-minted installation token finds
 * its installation's budget as the last token left it. The secondary limits (requests in flight, handling
 * time, points per minute, content-generating requests per minute and per hour) are kept per identity as
 * well, in sliding windows. Requests without a token share one budget (one address: loopback).
 *
 * <p>GitHub names "content-generating" requests without listing them; here every mutating request
 * (POST, PATCH, PUT, DELETE) counts as one. GitHub words the points limit as "to a single endpoint per
 * minute ... for REST API endpoints"; here all endpoints share it, the stricter reading.
 */
final class SimRateLimits {

	/** Which limit refused a request; its label is what {@link SimCounters} counts it under. */
	enum Kind {

		PRIMARY("primary"), ANONYMOUS("anonymous"), CONCURRENT("concurrent"), CPU("cpu"), POINTS("points"),
		CONTENT_PER_MINUTE("content-per-minute"), CONTENT_PER_HOUR("content-per-hour");

		final String label;

		Kind(String label) {
			this.label = label;
		}

		boolean primary() {
			return this == PRIMARY || this == ANONYMOUS;
		}

	}

	/** What one identity has spent. */
	static final class Budget {

		private final boolean anonymous;

		private Instant windowStart;

		private int used;

		private int inFlight;

		private final SimWindow points;

		private final SimWindow contentPerMinute;

		private final SimWindow contentPerHour;

		private final SimWindow cpuMillis;

		private Budget(SimulatorOptions options, boolean anonymous) {
			this.anonymous = anonymous;
			this.points = new SimWindow(options.points());
			this.contentPerMinute = new SimWindow(options.contentPerMinute());
			this.contentPerHour = new SimWindow(options.contentPerHour());
			this.cpuMillis = new SimWindow(options.cpuMillis());
		}

	}

	/** The answer to "may this request go on?": admitted, or refused by one limit for about {@code retryIn}. */
	record Admission(Budget budget, Kind refusedBy, Duration retryIn) {

		boolean admitted() {
			return refusedBy == null;
		}

	}

	static final String ANONYMOUS = "anonymous";

	private SimulatorOptions options;

	private final Map<String, Budget> budgets = new HashMap<>();

	SimRateLimits(SimulatorOptions options) {
		this.options = options;
	}

	/**
	 * Admits a request of {@code identity} when every limit allows it, and then counts it (points,
	 * content, one more in flight: {@link #release} when answered); else names the limit that refuses.
	 */
	synchronized Admission admit(String identity, String method, Instant now, SimCounters counters) {
		boolean anonymous = identity.equals(ANONYMOUS);
		Budget budget = budgets.computeIfAbsent(identity, key -> new Budget(options, anonymous));
		SimulatorOptions.Limit primary = primaryLimit(budget);
		if (budget.windowStart == null || !now.isBefore(budget.windowStart.plus(primary.window()))) {
			budget.windowStart = now;
			budget.used = 0;
		}
		if (!primary.off() && budget.used >= primary.limit()) {
			return new Admission(budget, anonymous ? Kind.ANONYMOUS : Kind.PRIMARY,
					Duration.between(now, budget.windowStart.plus(primary.window())));
		}
		if (budget.inFlight >= options.concurrent()) {
			// Nobody knows when a request in flight will end: one second is a hint, not a promise.
			return new Admission(budget, Kind.CONCURRENT, Duration.ofSeconds(1));
		}
		Duration wait = budget.cpuMillis.waitFor(now, 1);
		if (!wait.isZero()) {
			return new Admission(budget, Kind.CPU, wait);
		}
		boolean mutating = mutating(method);
		int cost = mutating ? 5 : 1;
		wait = budget.points.waitFor(now, cost);
		if (!wait.isZero()) {
			return new Admission(budget, Kind.POINTS, wait);
		}
		if (mutating) {
			wait = budget.contentPerMinute.waitFor(now, 1);
			if (!wait.isZero()) {
				return new Admission(budget, Kind.CONTENT_PER_MINUTE, wait);
			}
			wait = budget.contentPerHour.waitFor(now, 1);
			if (!wait.isZero()) {
				return new Admission(budget, Kind.CONTENT_PER_HOUR, wait);
			}
			counters.peak(Kind.CONTENT_PER_MINUTE.label, budget.contentPerMinute.take(now, 1));
			counters.peak(Kind.CONTENT_PER_HOUR.label, budget.contentPerHour.take(now, 1));
		}
		counters.peak(Kind.POINTS.label, budget.points.take(now, cost));
		budget.inFlight++;
		counters.peak(Kind.CONCURRENT.label, budget.inFlight);
		return new Admission(budget, null, Duration.ZERO);
	}

	/** The request {@link #admit} let in was answered after {@code handlingMillis} of work. */
	synchronized void release(Budget budget, Instant now, long handlingMillis, SimCounters counters) {
		budget.inFlight--;
		counters.peak(Kind.CPU.label, budget.cpuMillis.take(now, handlingMillis));
	}

	/** One primary point (every answer but a 304). */
	synchronized void charge(Budget budget, SimCounters counters) {
		budget.used++;
		counters.peak(budget.anonymous ? Kind.ANONYMOUS.label : Kind.PRIMARY.label, budget.used);
	}

	/** The {@code x-ratelimit-*} headers for {@code budget}, as GitHub sends them on every answer. */
	synchronized Map<String, String> headers(Budget budget) {
		SimulatorOptions.Limit primary = primaryLimit(budget);
		Instant end = budget.windowStart.plus(primary.window());
		// Round the reset up: it is in whole seconds and must not come before the window really ends.
		long reset = end.getEpochSecond() + (end.getNano() > 0 ? 1 : 0);
		return Map.of("x-ratelimit-limit", Integer.toString(primary.limit()), "x-ratelimit-remaining",
				Integer.toString(Math.max(0, primary.limit() - budget.used)), "x-ratelimit-used",
				Integer.toString(budget.used), "x-ratelimit-reset", Long.toString(reset), "x-ratelimit-resource", "core");
	}

	/** New limits from now on (the clock stays); every budget and window starts afresh. */
	synchronized void reconfigure(SimulatorOptions newOptions) {
		options = newOptions;
		budgets.clear();
	}

	synchronized SimulatorOptions options() {
		return options;
	}

	/** Requests of {@code identity} in flight now (for tests of the concurrency limit). */
	synchronized int inFlight(String identity) {
		Budget budget = budgets.get(identity);
		return budget == null ? 0 : budget.inFlight;
	}

	/** GitHub's point table: GET, HEAD and OPTIONS cost 1, every other method 5 (and is content-generating). */
	static boolean mutating(String method) {
		return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
	}

	private SimulatorOptions.Limit primaryLimit(Budget budget) {
		return budget.anonymous ? options.anonymous() : options.primary();
	}

}
