package org.botkeeper.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds every request back while a rate limit lasts, and spaces mutating requests: one at a time,
 * their starts at least the configured gap apart. GitHub asks for both: no requests until
 * {@code x-ratelimit-reset} or {@code retry-after} has passed, and mutating requests serially with
 * a second between them.
 */
final class RequestGate {

	private final Clock clock;

	private final Sleeper sleeper;

	private final Duration mutationGap;

	private final ReentrantLock mutationLock = new ReentrantLock(true);

	private volatile Instant closedUntil = Instant.MIN;

	private Instant lastMutationStart = Instant.MIN;

	RequestGate(Clock clock, Sleeper sleeper, Duration mutationGap) {
		this.clock = clock;
		this.sleeper = sleeper;
		this.mutationGap = mutationGap;
	}

	/** Closes the gate for everyone until {@code until}. */
	void closeUntil(Instant until) {
		synchronized (this) {
			if (until.isAfter(closedUntil)) {
				closedUntil = until;
			}
		}
	}

	/** Waits while the gate is closed. */
	void awaitOpen() throws InterruptedException {
		Instant now = clock.instant();
		while (now.isBefore(closedUntil)) {
			sleeper.sleep(Duration.between(now, closedUntil));
			now = clock.instant();
		}
	}

	/** Takes the single mutation slot and waits out the gap since the previous mutation started. */
	void beginMutation() throws InterruptedException {
		mutationLock.lockInterruptibly();
		try {
			// A limit wait first: it usually outlasts the gap, which then costs nothing extra.
			awaitOpen();
			Instant earliest = lastMutationStart.equals(Instant.MIN) ? Instant.MIN : lastMutationStart.plus(mutationGap);
			Instant now = clock.instant();
			while (now.isBefore(earliest)) {
				sleeper.sleep(Duration.between(now, earliest));
				now = clock.instant();
			}
			awaitOpen();
			lastMutationStart = clock.instant();
		}
		catch (InterruptedException | RuntimeException ex) {
			mutationLock.unlock();
			throw ex;
		}
	}

	void endMutation() {
		mutationLock.unlock();
	}

}
