package org.botkeeper.sync;

/** What the applier will do for one binding. */
public enum Action {

	/** Create the environment (protected branches only), then push the secret. */
	CREATE_ENVIRONMENT(true),
	CREATE_SECRET(true),
	UPDATE_SECRET(true),
	/** {@code --prune} only, and only for a secret botkeeper owns. */
	DELETE_SECRET(true),
	NOOP(false),
	/** Nothing can be done until a person fixes something; the reason says what. */
	BLOCKED(false);

	private final boolean changes;

	Action(boolean changes) {
		this.changes = changes;
	}

	/** True when applying this item writes to GitHub. */
	public boolean changes() {
		return changes;
	}

}
