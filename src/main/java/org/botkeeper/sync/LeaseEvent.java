package org.botkeeper.sync;

import java.time.Instant;

/**
 * One entry of the lease's history, kept in the lease record itself (so it is written in the same
 * check-and-set as the change it describes): a lease taken over from a holder whose process is gone,
 * or broken by an operator, with who did it and why.
 *
 * @param by who took the lease: the new holder, and for a break the identity Vault knows the caller by
 * @param previousHolder whose lease it was, with its fencing number and expiry
 */
public record LeaseEvent(Instant at, Kind kind, String by, String previousHolder, String reason) {

	public enum Kind {

		/** The holder ran on this machine and its process is gone: taken over at once. */
		TAKEN_OVER,
		/** {@code sync --break-lease --reason TEXT}. */
		BROKEN

	}

}
