package org.botkeeper.sync;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Another replica holds the sync lease, so this run must not apply. The message says who holds it, on
 * which host and until when, and what an operator may do about a holder that is gone for good.
 */
public class LeaseHeldException extends RuntimeException {

	private final transient Optional<LeaseStore.Record> lease;

	public LeaseHeldException(Optional<LeaseStore.Record> lease) {
		super(message(lease));
		this.lease = lease;
	}

	/** The lease as it was read when the refusal was made, if it could be read. */
	public Optional<LeaseStore.Record> lease() {
		return lease;
	}

	private static String message(Optional<LeaseStore.Record> lease) {
		String who = lease.map(LeaseHeldException::describe).orElse("another replica");
		return "Not applied: the sync lease is held by " + who + ". Try again after that (botkeeper status). If that "
				+ "process is gone for good, an operator takes the lease over with 'botkeeper sync --break-lease "
				+ "--reason TEXT'.";
	}

	private static String describe(LeaseStore.Record lease) {
		LeaseHolder holder = lease.holder();
		StringBuilder text = new StringBuilder("'").append(holder.name()).append("'");
		if (holder.pid() > 0 && !holder.host().isEmpty()) {
			text.append(" (process ").append(holder.pid()).append(" on host '").append(holder.host()).append("')");
		}
		text.append(" until ").append(lease.expiresAt().truncatedTo(ChronoUnit.SECONDS));
		text.append(" (fencing ").append(lease.fencing()).append(")");
		return text.toString();
	}

}
