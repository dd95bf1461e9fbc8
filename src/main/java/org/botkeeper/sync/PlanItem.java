package org.botkeeper.sync;

import java.util.Optional;

/**
 * One line of a plan: a binding, what will be done and why.
 *
 * @param version the token version a write will push (0 for deletes, no-ops and blocked items)
 * @param detail what failed, for a {@link Action#FAILED} item: the message Vault's or GitHub's adapter
 *        gave for this binding alone (never a value)
 */
public record PlanItem(Binding binding, Action action, Reason reason, long version, Optional<String> detail) {

	public PlanItem {
		if (detail == null) {
			throw new IllegalArgumentException("detail is required (maybe empty)");
		}
	}

	public PlanItem(Binding binding, Action action, Reason reason, long version) {
		this(binding, action, reason, version, Optional.empty());
	}

	static PlanItem write(DesiredSecret desired, Action action, Reason reason) {
		return new PlanItem(desired.binding(), action, reason, desired.version());
	}

	static PlanItem of(Binding binding, Action action, Reason reason) {
		return new PlanItem(binding, action, reason, 0);
	}

	static PlanItem failed(Binding binding, Reason reason, String detail) {
		return new PlanItem(binding, Action.FAILED, reason, 0, Optional.of(detail));
	}

	/** What a person reads for this item: the failure's own message, else the reason's sentence. */
	public String explanation() {
		return detail.orElse(reason.sentence());
	}

}
