package org.botkeeper.github;

import java.time.Duration;

/**
 * Told about every answer GitHub gives and every rate-limit wait, for metrics. Never given a body,
 * a header value or a token.
 */
public interface GitHubObserver {

	GitHubObserver NONE = new GitHubObserver() {
	};

	/** One HTTP exchange ended with {@code status} (0: no answer). */
	default void answered(String method, int status) {
	}

	/** The client will wait {@code wait} because of a primary or secondary rate limit. */
	default void rateLimitWait(boolean primary, Duration wait) {
	}

}
