package org.botkeeper.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code status}, the status page and the JSON API show for one binding. Built from Vault's
 * metadata, the ledger and the latest plan; it holds no secret value by construction.
 *
 * @param lastOutcome how the last attempt ended (SYNCED, FAILED, BLOCKED, PENDING), empty if never tried
 * @param lastMessage the last error or block reason, if any
 * @param lastSyncedAt when GitHub last confirmed a push
 * @param daysToExpiry whole days until the token expires (negative when expired), if known
 * @param drift the latest plan found the GitHub secret changed or deleted outside botkeeper
 * @param pending the latest plan's action and reason for this binding
 */
public record BindingStatus(Binding binding, long vaultVersion, long pushedVersion,
		Optional<LedgerEntry.Outcome> lastOutcome, Optional<String> lastMessage, Optional<Instant> lastSyncedAt,
		Optional<Instant> expiresAt, Optional<Long> daysToExpiry, boolean drift, Action pendingAction,
		Reason pendingReason) {

	/** Tokens expiring within this many days are highlighted. */
	public static final long EXPIRY_WARNING_DAYS = 14;

	static BindingStatus of(DesiredSecret desired, Optional<LedgerEntry> ledger, PlanItem planned, Instant now) {
		Optional<Long> days = desired.expiresAt().map(expiry -> Math.floorDiv(Duration.between(now, expiry).toHours(), 24));
		boolean drift = planned.reason() == Reason.CHANGED_OUT_OF_BAND || planned.reason() == Reason.DELETED_OUT_OF_BAND;
		// A binding that could not be planned this time shows why, rather than an older recorded error.
		Optional<String> message = planned.detail().or(() -> ledger.flatMap(LedgerEntry::lastError));
		return new BindingStatus(desired.binding(), desired.version(), ledger.map(LedgerEntry::pushedVersion).orElse(0L),
				ledger.map(LedgerEntry::outcome), message,
				ledger.flatMap(LedgerEntry::syncedAt), desired.expiresAt(), days, drift, planned.action(),
				planned.reason());
	}

	public boolean expiringSoon() {
		return daysToExpiry.map(days -> days < EXPIRY_WARNING_DAYS).orElse(false);
	}

	/** In sync: the latest plan has nothing to do for it. */
	public boolean synced() {
		return pendingAction == Action.NOOP && pendingReason == Reason.UP_TO_DATE;
	}

	/** Failing: blocked, could not be planned, or the last attempt failed. */
	public boolean failing() {
		return pendingAction == Action.BLOCKED || pendingAction == Action.FAILED || lastOutcome.equals(Optional.of(LedgerEntry.Outcome.FAILED));
	}

}
