package org.botkeeper.vault;

/**
 * One thing {@code vault init} checks: what (e.g. "mount botkeeper/"), what it does or would do,
 * and a short detail.
 */
public record InitStep(String target, Action action, String detail) {

	/** What happens (or, with --plan, would happen) to the target. */
	public enum Action {

		CREATE, UPDATE, UNCHANGED;

		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	public boolean changes() {
		return action != Action.UNCHANGED;
	}

}
