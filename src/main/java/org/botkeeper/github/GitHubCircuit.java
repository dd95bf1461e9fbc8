package org.botkeeper.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * The circuit breaker in front of one GitHub API (resilience4j's
 * <a href="https://resilience4j.readme.io/docs/circuitbreaker">CircuitBreaker</a>), shared like the
 * {@link RequestGate} it belongs to. Every try the transport sends counts: a 5xx, a timeout or a broken
 * connection as a failure, any other answer as a success. When at least half of the last
 * {@value #WINDOW} tries failed (after {@value #MINIMUM} or more), it opens: for {@link #OPEN_FOR} no
 * request goes out and every call fails at once, instead of each binding spending its own retries on an
 * outage. Then {@value #TRIAL_TRIES} trial requests decide whether it closes or opens again.
 */
public final class GitHubCircuit {

	/** What the breaker lets through: everything, nothing, or a few trial requests. */
	public enum State {

		CLOSED, OPEN, HALF_OPEN

	}

	static final int WINDOW = 20;

	static final int MINIMUM = 10;

	static final int TRIAL_TRIES = 2;

	/** How long an open breaker sends nothing: GitHub's own incidents rarely end in under a minute. */
	static final Duration OPEN_FOR = Duration.ofSeconds(60);

	private final CircuitBreaker breaker;

	private final Clock clock;

	private final AtomicReference<Instant> openedAt = new AtomicReference<>(Instant.MIN);

	GitHubCircuit(Clock clock) {
		this.clock = clock;
		this.breaker = CircuitBreaker.of("github",
				CircuitBreakerConfig.custom()
					.slidingWindow(WINDOW, MINIMUM, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
					.failureRateThreshold(50)
					.waitDurationInOpenState(OPEN_FOR)
					.permittedNumberOfCallsInHalfOpenState(TRIAL_TRIES)
					.clock(clock)
					.build());
		breaker.getEventPublisher().onStateTransition(event -> {
			if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
				openedAt.set(clock.instant());
			}
		});
	}

	/** Takes a place for one try of {@code action}, or throws {@link GitHubCircuitOpenException} when the breaker lets nothing through. */
	void enter(String action) {
		if (breaker.tryAcquirePermission()) {
			return;
		}
		CircuitBreaker.Metrics metrics = breaker.getMetrics();
		long seconds = Math.max(1, Duration.between(clock.instant(), openedAt.get().plus(OPEN_FOR)).toSeconds());
		throw new GitHubCircuitOpenException("Cannot " + action + ": GitHub is failing: "
				+ metrics.getNumberOfFailedCalls() + " of the last " + metrics.getNumberOfBufferedCalls()
				+ " requests failed; not calling it for " + seconds + " s.");
	}

	/** The try answered {@code status}: a 5xx counts as a failure, anything else as GitHub working. */
	void answered(int status, Duration took) {
		if (status >= 500) {
			breaker.onError(took.toNanos(), TimeUnit.NANOSECONDS, new GitHubUnavailableException(
					"GitHub returned " + status, status, null));
		}
		else {
			breaker.onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	/** The try got no answer (a timeout, a refused or broken connection). */
	void noAnswer(Exception cause, Duration took) {
		breaker.onError(took.toNanos(), TimeUnit.NANOSECONDS, cause);
	}

	/** The try was not sent after all (interrupted while waiting): its place is given back, nothing counts. */
	void notSent() {
		breaker.releasePermission();
	}

	public State state() {
		return switch (breaker.getState()) {
			case OPEN, FORCED_OPEN -> State.OPEN;
			case HALF_OPEN -> State.HALF_OPEN;
			default -> State.CLOSED;
		};
	}

}
