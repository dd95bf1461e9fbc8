package org.botkeeper.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where every request to one GitHub API waits until it may go: one gate per process and API, shared by
 * the writer's connections, the bound-token probes and the App token mints, so that together they stay
 * within GitHub's limits (<a href="https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api">rate
 * limits for the REST API</a>, <a href="https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api">best
 * practices</a>):
 * <ul>
 * <li>no more requests in flight than {@link GitHubLimits#concurrency()}; mutating requests one at a time,
 * their starts at least {@link GitHubLimits#mutationGap()} apart;</li>
 * <li>mutating requests within {@link GitHubLimits#writesPerMinute()} and {@link GitHubLimits#writesPerHour()}
 * (GitHub's content-generating limits: every mutating request counts as one), secondary points within
 * {@link GitHubLimits#pointsPerMinute()} (a read 1, a mutation 5), response time within
 * {@link GitHubLimits#responseTimePerMinute()}; each budget is a sliding window, so it holds however GitHub
 * places its own;</li>
 * <li>nothing at all while a secondary limit lasts ({@code retry-after}, or a minute and more), and
 * nothing for one identity while its primary quota is spent ({@code x-ratelimit-reset}). The primary quota
 * belongs to the identity (a user, an App installation, an App), not to a token: a re-minted installation
 * token waits for its installation's reset like the token before it.</li>
 * </ul>
 * Before all that, its {@link GitHubCircuit} stops every request while GitHub is failing.
 * The secondary budgets are kept for everything this process sends, whichever credential: GitHub does not
 * say whether it counts them per user, per App or per address, and this way they hold in every case.
 */
public final class RequestGate {

	private final GitHubLimits limits;

	private final Clock clock;

	private final Sleeper sleeper;

	private final Semaphore slots;

	private final ReentrantLock mutationLock = new ReentrantLock(true);

	private final SlidingWindow writesPerMinute;

	private final SlidingWindow writesPerHour;

	private final SlidingWindow points;

	private final SlidingWindow responseTime;

	private final Map<String, Instant> spentUntil = new HashMap<>();

	private final GitHubCircuit circuit;

	/** Whether this thread's requests are background reads ({@link #inBackground}). */
	private static final ThreadLocal<Boolean> BACKGROUND = ThreadLocal.withInitial(() -> false);

	private Instant closedUntil = Instant.MIN;

	private Instant lastMutationStart;

	public RequestGate(GitHubLimits limits, Clock clock, Sleeper sleeper) {
		this.limits = limits;
		this.clock = clock;
		this.sleeper = sleeper;
		this.slots = new Semaphore(limits.concurrency(), true);
		this.writesPerMinute = new SlidingWindow(limits.writesPerMinute());
		this.writesPerHour = new SlidingWindow(limits.writesPerHour());
		this.points = new SlidingWindow(limits.pointsPerMinute());
		this.responseTime = new SlidingWindow(limits.responseTimePerMinute());
		this.circuit = new GitHubCircuit(clock);
	}

	/**
	 * Waits until a request of {@code identity} fits every budget, then counts it as sent now. Close the
	 * pass when its answer is in (or the exchange failed): that frees its place. A request that must wait
	 * for a budget gives its place in flight back while it waits, so a request that fits (a change's read
	 * in the reserve a background plan leaves) is not held behind it.
	 */
	Pass enter(String identity, boolean mutating) throws InterruptedException {
		if (mutating) {
			mutationLock.lockInterruptibly();
		}
		try {
			// GitHub's point table: most GET, HEAD and OPTIONS requests 1, most others 5.
			long cost = mutating ? 5 : 1;
			// A background read must leave the reserve untouched; it is not spent on it.
			long needed = cost + (!mutating && BACKGROUND.get() ? reserve() : 0);
			while (true) {
				slots.acquire();
				Instant now = clock.instant();
				Instant earliest;
				synchronized (this) {
					earliest = earliest(identity, mutating, needed, now);
					if (!earliest.isAfter(now)) {
						points.spend(now, cost);
						if (mutating) {
							writesPerMinute.spend(now, 1);
							writesPerHour.spend(now, 1);
							lastMutationStart = now;
						}
						return new Pass(mutating, now);
					}
				}
				slots.release();
				sleeper.sleep(Duration.between(now, earliest));
			}
		}
		catch (InterruptedException | RuntimeException ex) {
			if (mutating) {
				mutationLock.unlock();
			}
			throw ex;
		}
	}

	/**
	 * Runs {@code work} with its requests on this thread marked as background: its reads leave the last
	 * tenth of the points budget (and at least two writes' worth) to everything else. serve's full run
	 * plans every binding and would take every point as soon as it is free for minutes at a time; a
	 * change's run and the writes then find their points at once instead of queueing behind it.
	 */
	public static <T> T inBackground(java.util.function.Supplier<T> work) {
		boolean before = BACKGROUND.get();
		BACKGROUND.set(true);
		try {
			return work.get();
		}
		finally {
			BACKGROUND.set(before);
		}
	}

	/** A tenth of the points budget, at least two writes (10), at most half a small test budget. */
	private long reserve() {
		long budget = limits.pointsPerMinute().amount();
		return Math.min(budget / 2, Math.max(10, budget / 10));
	}

	private Instant earliest(String identity, boolean mutating, long cost, Instant now) {
		Instant earliest = latest(closedUntil, spentUntil.getOrDefault(identity, Instant.MIN));
		earliest = latest(earliest, points.earliest(now, cost));
		earliest = latest(earliest, responseTime.earliest(now, 1));
		if (mutating) {
			if (lastMutationStart != null) {
				earliest = latest(earliest, lastMutationStart.plus(limits.mutationGap()));
			}
			earliest = latest(earliest, writesPerMinute.earliest(now, 1));
			earliest = latest(earliest, writesPerHour.earliest(now, 1));
		}
		return earliest;
	}

	private static Instant latest(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	/** Holds every request back until {@code until} (a secondary limit). */
	synchronized void closeUntil(Instant until) {
		closedUntil = latest(closedUntil, until);
	}

	/** Holds the requests of {@code identity} back until {@code until} (its primary quota is spent). */
	synchronized void closeUntil(String identity, Instant until) {
		spentUntil.merge(identity, until, RequestGate::latest);
	}

	/** The circuit breaker every request through this gate passes first: one for the API, like the budgets. */
	public GitHubCircuit circuit() {
		return circuit;
	}

	GitHubLimits limits() {
		return limits;
	}

	Clock clock() {
		return clock;
	}

	Sleeper sleeper() {
		return sleeper;
	}

	/** One request's place in the gate, from the moment it may be sent until its answer is in. */
	final class Pass implements AutoCloseable {

		private final boolean mutating;

		private final Instant sent;

		private boolean closed;

		private Pass(boolean mutating, Instant sent) {
			this.mutating = mutating;
			this.sent = sent;
		}

		@Override
		public void close() {
			if (closed) {
				return;
			}
			closed = true;
			Instant now = clock.instant();
			long millis = Duration.between(sent, now).toMillis();
			if (millis > 0) {
				synchronized (RequestGate.this) {
					responseTime.spend(now, millis);
				}
			}
			slots.release();
			if (mutating) {
				mutationLock.unlock();
			}
		}

	}

}
