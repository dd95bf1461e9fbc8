package org.botkeeper.vault;

import java.util.List;

/**
 * One thing {@code vault init} checks: what (e.g. "mount botkeeper/"), what it does or would do, a
 * short detail, and for a policy the rules that change (see {@link PolicyDiff}).
 *
 * @param diff one line per rule added ({@code +}), removed ({@code -}) or changed ({@code ~}); empty
 *        for steps other than policies and for policies that stay as they are
 */
public record InitStep(String target, Action action, String detail, List<String> diff) {

	/** What happens (or, with --plan, would happen) to the target. */
	public enum Action {

		CREATE, UPDATE, DELETE, UNCHANGED;

		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	public InitStep {
		diff = List.copyOf(diff);
	}

	public InitStep(String target, Action action, String detail) {
		this(target, action, detail, List.of());
	}

	public boolean changes() {
		return action != Action.UNCHANGED;
	}

	/** A step found by reading, and the write that carries it out (null when there is nothing to write). */
	record Planned(InitStep step, Runnable write) {

		static Planned unchanged(InitStep step) {
			return new Planned(step, null);
		}

	}

}
