package org.botkeeper.github;

import java.time.Instant;
import java.util.ArrayDeque;

/**
 * One budget kept as a log of what was spent when: at most {@code amount} units within any span of
 * {@code per}, however GitHub places its own windows. Not thread-safe: {@link RequestGate} locks.
 */
final class SlidingWindow {

	private record Spent(Instant at, long units) {
	}

	private final GitHubLimits.Budget budget;

	private final ArrayDeque<Spent> log = new ArrayDeque<>();

	private long sum;

	SlidingWindow(GitHubLimits.Budget budget) {
		this.budget = budget;
	}

	/** The earliest moment from {@code now} on when {@code units} more fit. */
	Instant earliest(Instant now, long units) {
		expire(now);
		long excess = sum + Math.min(units, budget.amount()) - budget.amount();
		if (excess <= 0) {
			return now;
		}
		long freed = 0;
		for (Spent spent : log) {
			freed += spent.units();
			if (freed >= excess) {
				return spent.at().plus(budget.per());
			}
		}
		return now.plus(budget.per());
	}

	/** Records {@code units} spent at {@code at} (never before what is already recorded). */
	void spend(Instant at, long units) {
		Instant last = log.isEmpty() ? at : log.peekLast().at();
		log.addLast(new Spent(at.isBefore(last) ? last : at, units));
		sum += units;
	}

	private void expire(Instant now) {
		while (!log.isEmpty() && !log.peekFirst().at().plus(budget.per()).isAfter(now)) {
			sum -= log.removeFirst().units();
		}
	}

}
