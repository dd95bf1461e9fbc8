package org.botkeeper.githubsim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What reached the simulator: requests by method and status, mutating requests, primary rate-limit
 * points charged, limit violations (requests refused because a limit was reached) by limit, and the
 * highest use of each limit any identity reached (its peak, to set against the limit).
 *
 * <p>Limit names: {@code primary}, {@code anonymous}, {@code concurrent}, {@code cpu} (handling
 * milliseconds), {@code points}, {@code content-per-minute}, {@code content-per-hour}.
 */
public final class SimCounters {

	private final Map<String, AtomicLong> byMethodAndStatus = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> violationsByLimit = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> peaks = new ConcurrentHashMap<>();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong mutating = new AtomicLong();

	private final AtomicLong primaryPoints = new AtomicLong();

	private final AtomicLong violations = new AtomicLong();

	private final AtomicLong notModified = new AtomicLong();

	/** Requests by method and raw path (see {@link #byPath()}). */
	private final Map<String, AtomicLong> byPath = new ConcurrentHashMap<>();

	void sent(String method, String path) {
		byPath.computeIfAbsent(method + " " + path, key -> new AtomicLong()).incrementAndGet();
	}

	void request(String method) {
		requests.incrementAndGet();
		if (SimRateLimits.mutating(method)) {
			mutating.incrementAndGet();
		}
	}

	void answered(String method, int status) {
		byMethodAndStatus.computeIfAbsent(method + " " + status, key -> new AtomicLong()).incrementAndGet();
		if (status == 304) {
			notModified.incrementAndGet();
		}
	}

	void charged() {
		primaryPoints.incrementAndGet();
	}

	void violation(String limit) {
		violations.incrementAndGet();
		violationsByLimit.computeIfAbsent(limit, key -> new AtomicLong()).incrementAndGet();
	}

	void peak(String limit, long value) {
		peaks.computeIfAbsent(limit, key -> new AtomicLong()).accumulateAndGet(value, Math::max);
	}

	public long requests() {
		return requests.get();
	}

	public long mutatingRequests() {
		return mutating.get();
	}

	public long primaryPointsUsed() {
		return primaryPoints.get();
	}

	/** Requests refused by any limit. */
	public long limitViolations() {
		return violations.get();
	}

	/** Requests refused by the limit named {@code limit} (see the class comment for the names). */
	public long limitViolations(String limit) {
		AtomicLong count = violationsByLimit.get(limit);
		return count == null ? 0 : count.get();
	}

	/** e.g. {@code {"content-per-hour": 2}}: refusals by limit. */
	public Map<String, Long> violationsByLimit() {
		Map<String, Long> copy = new TreeMap<>();
		violationsByLimit.forEach((key, value) -> copy.put(key, value.get()));
		return copy;
	}

	/**
	 * The highest use of each limit reached since the last {@link #reset}, by any one identity within one of
	 * the limit's windows: e.g. {@code {"content-per-hour": 480, "points": 850, "concurrent": 1}}.
	 */
	public Map<String, Long> peaks() {
		Map<String, Long> copy = new TreeMap<>();
		peaks.forEach((key, value) -> copy.put(key, value.get()));
		return copy;
	}

	public long notModified() {
		return notModified.get();
	}

	/** Requests with this method answered with this status. */
	public long count(String method, int status) {
		AtomicLong count = byMethodAndStatus.get(method + " " + status);
		return count == null ? 0 : count.get();
	}

	/** e.g. {@code {"GET 200": 4, "PUT 201": 1}}. */
	public Map<String, Long> byMethodAndStatus() {
		Map<String, Long> copy = new TreeMap<>();
		byMethodAndStatus.forEach((key, value) -> copy.put(key, value.get()));
		return copy;
	}

	public void reset() {
		byMethodAndStatus.clear();
		violationsByLimit.clear();
		peaks.clear();
		requests.set(0);
		mutating.set(0);
		primaryPoints.set(0);
		violations.set(0);
		notModified.set(0);
		byPath.clear();
	}

	/**
	 * Requests by method and raw path, e.g. {@code {"GET /repos/o/r/environments/e": 2}}: a request sent
	 * again (a retry) shows as a count above 1.
	 */
	public Map<String, Long> byPath() {
		Map<String, Long> copy = new TreeMap<>();
		byPath.forEach((key, value) -> copy.put(key, value.get()));
		return copy;
	}

	@Override
	public String toString() {
		return "requests=" + requests + " mutating=" + mutating + " primaryPoints=" + primaryPoints + " violations="
				+ violations + (violationsByLimit.isEmpty() ? "" : " " + violationsByLimit()) + " notModified="
				+ notModified + " " + byMethodAndStatus();
	}

}
