package org.botkeeper.github;

import java.time.Duration;

/**
 * Waits. Every wait the client makes (rate limits, back-off, pacing) goes through one, so tests can
 * stand in a sleeper that advances a test clock and prove what was (not) sent meanwhile.
 */
@FunctionalInterface
public interface Sleeper {

	Sleeper SYSTEM = duration -> Thread.sleep(duration);

	void sleep(Duration duration) throws InterruptedException;

}
