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
	BLOCKED(false),
	/**
	 * Could not be planned: Vault or GitHub failed for this binding alone (a 5xx after retries, an answer
	 * of the wrong shape, a timeout); the item's detail says what. The other bindings go on, and the
	 * next run tries this one again.
	 */
	FAILED(false);

	private final boolean changes;

	Action(boolean changes) {
		this.changes = changes;
	}

	/** True when applying this item writes to GitHub. */
	public boolean changes() {
		return changes;
	}

}
