package org.botkeeper.cli;

import java.io.PrintWriter;
import java.time.Duration;

import org.botkeeper.github.GitHubObserver;

/**
 * Tells the person running {@code sync} on stderr when GitHub's rate limit makes the run wait, so that a
 * wait of minutes does not look like a hang.
 */
final class RateLimitNotice implements GitHubObserver {

	private final PrintWriter err;

	RateLimitNotice(PrintWriter err) {
		this.err = err;
	}

	@Override
	public void rateLimitWait(boolean primary, Duration wait) {
		if (wait.isZero() || wait.isNegative()) {
			return;
		}
		err.println(primary ? "Waiting " + roughly(wait) + " for GitHub's primary rate limit to reset."
				: "Waiting " + roughly(wait) + " after GitHub's secondary rate limit.");
		err.flush();
	}

	/** Whole seconds under two minutes, else whole minutes; rounded up, so the run never goes on before the notice said. */
	static String roughly(Duration wait) {
		long seconds = (wait.toMillis() + 999) / 1000;
		return seconds < 120 ? seconds + "s" : (seconds + 59) / 60 + "m";
	}

}
