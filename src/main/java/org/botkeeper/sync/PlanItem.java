package org.botkeeper.sync;

/**
 * One line of a plan: a binding, what will be done and why.
 *
 * @param version the token version a write will push (0 for deletes, no-ops and blocked items)
 */
public record PlanItem(Binding binding, Action action, Reason reason, long version) {

	static PlanItem write(DesiredSecret desired, Action action, Reason reason) {
		return new PlanItem(desired.binding(), action, reason, desired.version());
	}

	static PlanItem of(Binding binding, Action action, Reason reason) {
		return new PlanItem(binding, action, reason, 0);
	}

}
