package org.botkeeper.github;

import java.time.Duration;

/**
 * How the client paces and retries, following GitHub's
 * <a href="https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api">REST
 * best practices</a> and
 * <a href="https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api">rate limits</a>.
 *
 * @param mutationGap time between the starts of two mutating requests (GitHub: at least one second)
 * @param secondaryLimitWait wait after a secondary limit without {@code retry-after} (GitHub: at least a
 * minute), doubled on each further hit
 * @param maxLimitRetries how often one request may be retried after rate limits before giving up
 * @param maxServerErrorRetries how often one request may be retried after a 5xx or a broken connection
 * @param serverErrorBackoff first wait after a 5xx, doubled on each further one
 * @param readTimeout how long to wait for a response (under 15 s, so one hang cannot stall a run)
 * @param connectTimeout how long to wait for a connection
 */
public record GitHubLimits(Duration mutationGap, Duration secondaryLimitWait, int maxLimitRetries,
		int maxServerErrorRetries, Duration serverErrorBackoff, Duration readTimeout, Duration connectTimeout) {

	public GitHubLimits {
		if (readTimeout.compareTo(Duration.ofSeconds(15)) >= 0) {
			throw new IllegalArgumentException("read timeout must stay under 15 s, got " + readTimeout);
		}
		if (maxLimitRetries < 0 || maxServerErrorRetries < 0) {
			throw new IllegalArgumentException("retry counts must not be negative");
		}
	}

	public static GitHubLimits defaults() {
		return new GitHubLimits(Duration.ofSeconds(1), Duration.ofSeconds(60), 4, 3, Duration.ofSeconds(1),
				Duration.ofSeconds(10), Duration.ofSeconds(5));
	}

	public GitHubLimits withMutationGap(Duration gap) {
		return new GitHubLimits(gap, secondaryLimitWait, maxLimitRetries, maxServerErrorRetries, serverErrorBackoff,
				readTimeout, connectTimeout);
	}

	public GitHubLimits withReadTimeout(Duration timeout) {
		return new GitHubLimits(mutationGap, secondaryLimitWait, maxLimitRetries, maxServerErrorRetries,
				serverErrorBackoff, timeout, connectTimeout);
	}

}
