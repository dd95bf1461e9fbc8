package org.botkeeper.sync;

import java.util.Optional;

/**
 * One line of an organisation secret's plan: what will be done and why.
 *
 * @param repositories how many repositories the secret is (to be) given to, for the display
 * @param detail what failed, or which repositories a list repair adds and removes
 */
public record OrgPlanItem(OrgSecretTarget target, Action action, Reason reason, long version, int repositories,
		Optional<String> detail) {

	public OrgPlanItem {
		if (detail == null) {
			throw new IllegalArgumentException("detail is required (maybe empty)");
		}
	}

	/** {@code org:[organisation]/NAME (3 repositories)}. */
	public String display() {
		return target.display(repositories);
	}

	/** What a person reads for this item: the detail after the reason's sentence, when there is one. */
	public String explanation() {
		if (action == Action.FAILED) {
			return detail.orElse(reason.sentence());
		}
		return detail.map(d -> reason.sentence() + ": " + d).orElse(reason.sentence());
	}

}
