package org.botkeeper.githubsim;

import java.time.Clock;
import java.time.Duration;

/**
 * How the simulator keeps time and which of GitHub's limits it enforces
 * (<a href="https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api">rate limits for
 * the REST API</a>). GitHub's own figures are the default; each limit can be changed or switched off
 * ({@link Limit#OFF}), and a benchmark compresses time by shrinking every window with the same ratios
 * ({@link #compressed}).
 *
 * @param primary points per window of one identity (the user, App installation or App): 5,000 an hour;
 * a 304 costs none
 * @param contentPerMinute content-generating (here: every mutating) requests of one identity: 80 a minute
 * @param contentPerHour the same: 500 an hour
 * @param points secondary points of one identity: 900 a minute, GET/HEAD/OPTIONS 1, every other method 5
 * @param concurrent requests of one identity in flight at once: 100
 * @param cpuMillis milliseconds of handling time (GitHub: "CPU time", estimated by response time) of one
 * identity: 90 s per 60 s
 * @param anonymous requests without a token, all from one address here: 60 an hour
 * @param secondaryRetryAfter whether a secondary-limit answer carries {@code retry-after} (GitHub sends it
 * sometimes, not always)
 * @param serviceTime how long each admitted request takes to answer (in flight, counted as handling time):
 * none by default
 */
public record SimulatorOptions(Clock clock, Limit primary, Limit contentPerMinute, Limit contentPerHour, Limit points,
		int concurrent, Limit cpuMillis, Limit anonymous, boolean secondaryRetryAfter, Duration serviceTime) {

	/** At most {@code limit} units in any {@code window}; {@link #OFF} enforces nothing. */
	public record Limit(int limit, Duration window) {

		public static final Limit OFF = new Limit(Integer.MAX_VALUE, Duration.ofSeconds(1));

		public Limit {
			if (limit < 1 || window.isNegative() || window.isZero()) {
				throw new IllegalArgumentException("a limit needs a positive count and window, got " + limit + " per "
						+ window);
			}
		}

		public boolean off() {
			return limit == Integer.MAX_VALUE;
		}

		Limit compressed(double factor) {
			return off() ? this : new Limit(limit, Duration.ofNanos(Math.max(1, (long) (window.toNanos() / factor))));
		}

		/** Both the count and the window divided: for a limit of time per time, whose ratio must stay. */
		Limit scaled(double factor) {
			return off() ? this : new Limit(Math.max(1, (int) (limit / factor)), compressed(factor).window());
		}

	}

	public static SimulatorOptions defaults() {
		return new SimulatorOptions(Clock.systemUTC(), new Limit(5000, Duration.ofHours(1)),
				new Limit(80, Duration.ofMinutes(1)), new Limit(500, Duration.ofHours(1)),
				new Limit(900, Duration.ofMinutes(1)), 100, new Limit(90_000, Duration.ofSeconds(60)),
				new Limit(60, Duration.ofHours(1)), true, Duration.ZERO);
	}

	/** Every limit off: for setting up a benchmark's state, never for a measurement. */
	public SimulatorOptions withoutLimits() {
		return new SimulatorOptions(clock, Limit.OFF, Limit.OFF, Limit.OFF, Limit.OFF, Integer.MAX_VALUE, Limit.OFF,
				Limit.OFF, secondaryRetryAfter, serviceTime);
	}

	/**
	 * Every window divided by {@code factor} (60: an hour becomes a minute), every count kept: GitHub's
	 * limits keep their ratios to each other. Concurrency has no window and stays; handling time is real
	 * time, so its limit shrinks with its window.
	 */
	public SimulatorOptions compressed(double factor) {
		return new SimulatorOptions(clock, primary.compressed(factor), contentPerMinute.compressed(factor),
				contentPerHour.compressed(factor), points.compressed(factor), concurrent, cpuMillis.scaled(factor),
				anonymous.compressed(factor), secondaryRetryAfter, serviceTime);
	}

	public SimulatorOptions withClock(Clock value) {
		return new SimulatorOptions(value, primary, contentPerMinute, contentPerHour, points, concurrent, cpuMillis,
				anonymous, secondaryRetryAfter, serviceTime);
	}

	public SimulatorOptions withPrimaryLimit(int limit, Duration window) {
		return new SimulatorOptions(clock, new Limit(limit, window), contentPerMinute, contentPerHour, points, concurrent,
				cpuMillis, anonymous, secondaryRetryAfter, serviceTime);
	}

	/** The per-minute content-generating limit (80 a minute at GitHub) and whether its answers carry retry-after. */
	public SimulatorOptions withMutationLimit(int limit, Duration window, boolean retryAfter) {
		return new SimulatorOptions(clock, primary, new Limit(limit, window), contentPerHour, points, concurrent, cpuMillis,
				anonymous, retryAfter, serviceTime);
	}

	/** The per-hour content-generating limit (500 an hour at GitHub). */
	public SimulatorOptions withContentPerHour(Limit limit) {
		return new SimulatorOptions(clock, primary, contentPerMinute, limit, points, concurrent, cpuMillis, anonymous,
				secondaryRetryAfter, serviceTime);
	}

	public SimulatorOptions withContentPerMinute(Limit limit) {
		return new SimulatorOptions(clock, primary, limit, contentPerHour, points, concurrent, cpuMillis, anonymous,
				secondaryRetryAfter, serviceTime);
	}

	public SimulatorOptions withPrimary(Limit limit) {
		return new SimulatorOptions(clock, limit, contentPerMinute, contentPerHour, points, concurrent, cpuMillis,
				anonymous, secondaryRetryAfter, serviceTime);
	}

	/** Secondary points (900 a minute at GitHub). */
	public SimulatorOptions withPoints(Limit limit) {
		return new SimulatorOptions(clock, primary, contentPerMinute, contentPerHour, limit, concurrent, cpuMillis,
				anonymous, secondaryRetryAfter, serviceTime);
	}

	/** Requests of one identity in flight at once (100 at GitHub); {@link Integer#MAX_VALUE} is off. */
	public SimulatorOptions withConcurrent(int limit) {
		return new SimulatorOptions(clock, primary, contentPerMinute, contentPerHour, points, limit, cpuMillis, anonymous,
				secondaryRetryAfter, serviceTime);
	}

	/** Handling milliseconds per window (90 s per 60 s at GitHub). */
	public SimulatorOptions withCpuMillis(Limit limit) {
		return new SimulatorOptions(clock, primary, contentPerMinute, contentPerHour, points, concurrent, limit, anonymous,
				secondaryRetryAfter, serviceTime);
	}

	/** Requests without a token (60 an hour per address at GitHub). */
	public SimulatorOptions withAnonymous(Limit limit) {
		return new SimulatorOptions(clock, primary, contentPerMinute, contentPerHour, points, concurrent, cpuMillis, limit,
				secondaryRetryAfter, serviceTime);
	}

	public SimulatorOptions withSecondaryRetryAfter(boolean value) {
		return new SimulatorOptions(clock, primary, contentPerMinute, contentPerHour, points, concurrent, cpuMillis,
				anonymous, value, serviceTime);
	}

	public SimulatorOptions withServiceTime(Duration value) {
		return new SimulatorOptions(clock, primary, contentPerMinute, contentPerHour, points, concurrent, cpuMillis,
				anonymous, secondaryRetryAfter, value);
	}

}
