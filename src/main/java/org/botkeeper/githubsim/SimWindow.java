package org.botkeeper.githubsim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * A sliding window: at most {@code limit} units within any span of {@code window}, however the span is
 * placed. Stricter than a window that resets at fixed moments, so a client that stays within this one
 * stays within GitHub's whichever way GitHub counts. Not thread-safe: {@link SimRateLimits} locks.
 */
final class SimWindow {

	private record Entry(Instant at, long units) {
	}

	private final SimulatorOptions.Limit limit;

	private final ArrayDeque<Entry> entries = new ArrayDeque<>();

	private long sum;

	SimWindow(SimulatorOptions.Limit limit) {
		this.limit = limit;
	}

	/** How long from {@code now} until {@code units} more fit; zero when they fit now. */
	Duration waitFor(Instant now, long units) {
		if (limit.off()) {
			return Duration.ZERO;
		}
		expire(now);
		long excess = sum + Math.min(units, limit.limit()) - limit.limit();
		if (excess <= 0) {
			return Duration.ZERO;
		}
		long freed = 0;
		for (Entry entry : entries) {
			freed += entry.units();
			if (freed >= excess) {
				return Duration.between(now, entry.at().plus(limit.window()));
			}
		}
		return limit.window();
	}

	/** Counts {@code units} at {@code at} (not before the last entry); answers the units now in the window. */
	long take(Instant at, long units) {
		if (limit.off()) {
			return 0;
		}
		Instant last = entries.isEmpty() ? at : entries.peekLast().at();
		entries.addLast(new Entry(at.isBefore(last) ? last : at, units));
		sum += units;
		expire(at);
		return sum;
	}

	private void expire(Instant now) {
		while (!entries.isEmpty() && !entries.peekFirst().at().plus(limit.window()).isAfter(now)) {
			sum -= entries.removeFirst().units();
		}
	}

}
