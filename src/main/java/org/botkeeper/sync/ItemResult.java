package org.botkeeper.sync;

/** How applying one plan item ended, with a sentence for people (never a value). */
public record ItemResult(PlanItem item, Status status, String message) {

	public enum Status {

		/** GitHub confirmed the change and the ledger records it. */
		DONE,
		/** Nothing to do. */
		UNCHANGED,
		/** The plan said BLOCKED; nothing was sent. */
		BLOCKED,
		/** Attempted and failed; the ledger records the failure, never a write. */
		FAILED,
		/**
		 * Not attempted: the run was aborted, or the binding changed in Vault after it was planned (the
		 * next run plans it again).
		 */
		SKIPPED

	}

}
