package org.botkeeper.github;

import java.time.Duration;

/**
 * How the client paces and retries, following GitHub's
 * <a href="https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api">REST
 * best practices</a> and
 * <a href="https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api">rate limits</a>.
 * The budgets are the client's own, kept below GitHub's figures by default (about 90 %, so a person or a
 * script using the same credential still has room); {@link RequestGate} holds every request to all of
 * them at once.
 *
 * <p>GitHub counts "content-generating" requests (80 a minute, 500 an hour) without saying which they
 * are, so every mutating request (POST, PATCH, PUT, DELETE) counts as one here, minting an App
 * installation token included.
 *
 * @param mutationGap time between the starts of two mutating requests (GitHub: at least one second)
 * @param writesPerMinute mutating requests in any minute (GitHub: 80 content-generating a minute)
 * @param writesPerHour mutating requests in any hour (GitHub: 500 content-generating an hour)
 * @param pointsPerMinute secondary points in any minute, a read costing 1 and a mutation 5 (GitHub: 900)
 * @param concurrency requests in flight at once (GitHub: at most 100, and serially is best)
 * @param responseTimePerMinute total response time of the requests that ended in any minute (GitHub: 90 s
 * of CPU time per 60 s, "roughly estimated" by response time); binds only when {@code concurrency} > 1
 * @param secondaryLimitWait wait after a secondary limit without {@code retry-after} (GitHub: at least a
 * minute), doubled on each further hit
 * @param maxLimitRetries how often one request may be retried after rate limits before giving up
 * @param maxServerErrorRetries how often one request may be retried after a 5xx or a broken connection
 * @param serverErrorBackoff first wait after a 5xx, doubled on each further one
 * @param readTimeout how long to wait for a response (under 15 s, so one hang cannot stall a run)
 * @param connectTimeout how long to wait for a connection
 */
public record GitHubLimits(Duration mutationGap, Budget writesPerMinute, Budget writesPerHour, Budget pointsPerMinute,
		int concurrency, Budget responseTimePerMinute, Duration secondaryLimitWait, int maxLimitRetries,
		int maxServerErrorRetries, Duration serverErrorBackoff, Duration readTimeout, Duration connectTimeout) {

	/** GitHub's documented figures, for messages and for tests that hold the defaults below them. */
	public static final int GITHUB_CONTENT_PER_MINUTE = 80;

	public static final int GITHUB_CONTENT_PER_HOUR = 500;

	public static final int GITHUB_POINTS_PER_MINUTE = 900;

	public static final int GITHUB_CONCURRENT_REQUESTS = 100;

	/** At most {@code amount} units (requests, points or milliseconds) within any span of {@code per}. */
	public record Budget(long amount, Duration per) {

		public Budget {
			if (amount < 1 || per.isNegative() || per.isZero()) {
				throw new IllegalArgumentException("a budget needs a positive amount and span, got " + amount + " per "
						+ per);
			}
		}

		Budget compressed(double factor) {
			return new Budget(amount, Duration.ofNanos(Math.max(1, (long) (per.toNanos() / factor))));
		}

		/** Both the amount and the span divided: for a budget of time per time, whose ratio must stay. */
		Budget scaled(double factor) {
			return new Budget(Math.max(1, (long) (amount / factor)), compressed(factor).per());
		}

	}

	public GitHubLimits {
		if (readTimeout.compareTo(Duration.ofSeconds(15)) >= 0) {
			throw new IllegalArgumentException("read timeout must stay under 15 s, got " + readTimeout);
		}
		if (maxLimitRetries < 0 || maxServerErrorRetries < 0) {
			throw new IllegalArgumentException("retry counts must not be negative");
		}
		if (concurrency < 1 || concurrency > GITHUB_CONCURRENT_REQUESTS) {
			throw new IllegalArgumentException("concurrency must be between 1 and " + GITHUB_CONCURRENT_REQUESTS
					+ ", got " + concurrency);
		}
	}

	/** The pacing budgets of {@link #defaults()} with these waits, retries and timeouts. */
	public GitHubLimits(Duration mutationGap, Duration secondaryLimitWait, int maxLimitRetries, int maxServerErrorRetries,
			Duration serverErrorBackoff, Duration readTimeout, Duration connectTimeout) {
		this(mutationGap, new Budget(72, Duration.ofMinutes(1)), new Budget(450, Duration.ofHours(1)),
				new Budget(810, Duration.ofMinutes(1)), 1, new Budget(60_000, Duration.ofMinutes(1)), secondaryLimitWait,
				maxLimitRetries, maxServerErrorRetries, serverErrorBackoff, readTimeout, connectTimeout);
	}

	/**
	 * One write a second at most 72 a minute and 450 an hour, 810 points a minute, one request at a time,
	 * 60 s of response time a minute; waits, retries and timeouts as GitHub advises.
	 */
	public static GitHubLimits defaults() {
		return new GitHubLimits(Duration.ofSeconds(1), Duration.ofSeconds(60), 4, 3, Duration.ofSeconds(1),
				Duration.ofSeconds(10), Duration.ofSeconds(5));
	}

	public GitHubLimits withMutationGap(Duration gap) {
		return new GitHubLimits(gap, writesPerMinute, writesPerHour, pointsPerMinute, concurrency, responseTimePerMinute,
				secondaryLimitWait, maxLimitRetries, maxServerErrorRetries, serverErrorBackoff, readTimeout, connectTimeout);
	}

	public GitHubLimits withWritesPerMinute(long writes) {
		return new GitHubLimits(mutationGap, new Budget(writes, writesPerMinute.per()), writesPerHour, pointsPerMinute,
				concurrency, responseTimePerMinute, secondaryLimitWait, maxLimitRetries, maxServerErrorRetries,
				serverErrorBackoff, readTimeout, connectTimeout);
	}

	public GitHubLimits withWritesPerHour(long writes) {
		return new GitHubLimits(mutationGap, writesPerMinute, new Budget(writes, writesPerHour.per()), pointsPerMinute,
				concurrency, responseTimePerMinute, secondaryLimitWait, maxLimitRetries, maxServerErrorRetries,
				serverErrorBackoff, readTimeout, connectTimeout);
	}

	public GitHubLimits withPointsPerMinute(long points) {
		return new GitHubLimits(mutationGap, writesPerMinute, writesPerHour, new Budget(points, pointsPerMinute.per()),
				concurrency, responseTimePerMinute, secondaryLimitWait, maxLimitRetries, maxServerErrorRetries,
				serverErrorBackoff, readTimeout, connectTimeout);
	}

	public GitHubLimits withConcurrency(int requests) {
		return new GitHubLimits(mutationGap, writesPerMinute, writesPerHour, pointsPerMinute, requests,
				responseTimePerMinute, secondaryLimitWait, maxLimitRetries, maxServerErrorRetries, serverErrorBackoff,
				readTimeout, connectTimeout);
	}

	public GitHubLimits withResponseTimePerMinute(Duration budget) {
		return new GitHubLimits(mutationGap, writesPerMinute, writesPerHour, pointsPerMinute, concurrency,
				new Budget(budget.toMillis(), responseTimePerMinute.per()), secondaryLimitWait, maxLimitRetries,
				maxServerErrorRetries, serverErrorBackoff, readTimeout, connectTimeout);
	}

	public GitHubLimits withReadTimeout(Duration timeout) {
		return new GitHubLimits(mutationGap, writesPerMinute, writesPerHour, pointsPerMinute, concurrency,
				responseTimePerMinute, secondaryLimitWait, maxLimitRetries, maxServerErrorRetries, serverErrorBackoff,
				timeout, connectTimeout);
	}

	/**
	 * Every budget's span and the mutation gap divided by {@code factor}, for a benchmark against a
	 * simulator whose windows are compressed the same way (waits, retries and timeouts stay). Response
	 * time is real time, so its budget shrinks with its span.
	 */
	public GitHubLimits compressed(double factor) {
		return new GitHubLimits(Duration.ofNanos((long) (mutationGap.toNanos() / factor)),
				writesPerMinute.compressed(factor), writesPerHour.compressed(factor), pointsPerMinute.compressed(factor),
				concurrency, responseTimePerMinute.scaled(factor), secondaryLimitWait, maxLimitRetries,
				maxServerErrorRetries, serverErrorBackoff, readTimeout, connectTimeout);
	}

}
