package org.botkeeper.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * What {@code status}, the status page and the JSON API show for one binding. Built from Vault's
 * metadata, the ledger and either the latest plan ({@link #of}: GitHub was asked) or the records alone
 * ({@link #recorded}: Vault only, drift not checked); it holds no secret value by construction.
 *
 * @param state the one word a person and a script read first; BLOCKED and FAILING are never success
 * @param lastOutcome how the last attempt ended (SYNCED, FAILED, BLOCKED, PENDING), empty if never tried
 * @param lastMessage the last error or block reason, if any
 * @param lastSyncedAt when GitHub last confirmed a push
 * @param daysToExpiry whole days until the token expires (negative when expired, 0 when GitHub reported it
 *        revoked: a revoked token has no days left, whatever its date says), if known
 * @param tokenRevoked GitHub answered 401 to the token itself when it was last checked ({@code token check})
 * @param drift the latest plan found the GitHub secret changed or deleted outside botkeeper, or sealed to a key
 *        the environment no longer has
 * @param driftChecked whether GitHub was asked at all: false when the status came from Vault alone
 * @param pendingAction what a sync would do now, as far as the sources asked can tell
 */
public record BindingStatus(Binding binding, State state, long vaultVersion, long pushedVersion,
		Optional<LedgerEntry.Outcome> lastOutcome, Optional<String> lastMessage, Optional<Instant> lastSyncedAt,
		Optional<Instant> expiresAt, Optional<Long> daysToExpiry, boolean tokenRevoked, boolean drift,
		boolean driftChecked, Action pendingAction, Reason pendingReason) {

	/** Tokens expiring within this many days are highlighted. */
	public static final long EXPIRY_WARNING_DAYS = 14;

	/** A binding's state, worst first. */
	public enum State {

		/** Nothing is pushed until a person fixes something (the reason says what). */
		BLOCKED,
		/** The last attempt failed; the next run tries again. */
		FAILING,
		/** A change is waiting for the next sync run. */
		PENDING,
		/**
		 * GitHub holds the token version Vault holds; or, for a binding delivered by OIDC, GitHub holds no
		 * secret of botkeeper's and the workflows read the token from Vault.
		 */
		SYNCED;

		/** True for the states that need a person: never reported as success. */
		public boolean needsAttention() {
			return this == BLOCKED || this == FAILING;
		}

	}

	/** The status as a plan that asked GitHub sees it. */
	static BindingStatus of(DesiredSecret desired, Optional<LedgerEntry> ledger, PlanItem planned, Instant now) {
		boolean drift = planned.reason() == Reason.CHANGED_OUT_OF_BAND || planned.reason() == Reason.DELETED_OUT_OF_BAND;
		// A binding that could not be planned this time shows why, rather than an older recorded error.
		return of(desired, ledger, planned.action(), planned.reason(), planned.detail(), drift, true, now);
	}

	/**
	 * The status as Vault alone tells it (token metadata, the ledger, the last token check), for those who
	 * may not use the writer credential: admins, auditors, maintainers. Whether the secret drifted on GitHub
	 * is not known here; what a sync would do is judged from the records, with the same rules as the
	 * {@link Planner} where they need no GitHub answer.
	 *
	 * @param recordUpdatedAt when the token record last changed in Vault, if known: a block the ledger
	 *        recorded before that may be lifted by the new version, so it shows as pending
	 */
	static BindingStatus recorded(DesiredSecret desired, Optional<LedgerEntry> ledger, Optional<Instant> recordUpdatedAt,
			Instant now) {
		PlanItem judged = judge(desired, ledger, recordUpdatedAt, now);
		return of(desired, ledger, judged.action(), judged.reason(), Optional.empty(), false, false, now);
	}

	private static BindingStatus of(DesiredSecret desired, Optional<LedgerEntry> ledger, Action action, Reason reason,
			Optional<String> detail, boolean drift, boolean driftChecked, Instant now) {
		Optional<Long> days = desired.revoked() ? Optional.of(0L)
				: desired.expiresAt().map(expiry -> Math.floorDiv(Duration.between(now, expiry).toHours(), 24));
		Optional<LedgerEntry.Outcome> outcome = ledger.map(LedgerEntry::outcome);
		return new BindingStatus(desired.binding(), state(action, reason, outcome), desired.version(),
				ledger.map(LedgerEntry::pushedVersion).orElse(0L), outcome, detail.or(() -> ledger.flatMap(LedgerEntry::lastError)),
				ledger.flatMap(LedgerEntry::syncedAt), desired.expiresAt(), days, desired.revoked(), drift, driftChecked,
				action, reason);
	}

	static State state(Action action, Reason reason, Optional<LedgerEntry.Outcome> lastOutcome) {
		if (action == Action.BLOCKED) {
			return State.BLOCKED;
		}
		if (action == Action.FAILED || lastOutcome.equals(Optional.of(LedgerEntry.Outcome.FAILED))) {
			return State.FAILING;
		}
		return action == Action.NOOP && (reason == Reason.UP_TO_DATE || reason == Reason.OIDC_DELIVERED) ? State.SYNCED
				: State.PENDING;
	}

	/** The {@link Planner}'s rules that need no observation of GitHub, applied to what the records say. */
	private static PlanItem judge(DesiredSecret desired, Optional<LedgerEntry> stored, Optional<Instant> recordUpdatedAt,
			Instant now) {
		Binding binding = desired.binding();
		if (!desired.hasValue()) {
			return PlanItem.of(binding, Action.BLOCKED, Reason.TOKEN_MISSING);
		}
		if (desired.oidcDelivered() && desired.bindingKnown()) {
			// Whether the secret is still on GitHub is not known here: the ledger says whether botkeeper owns one.
			return stored.filter(entry -> entry.owns(binding)).isPresent()
					? PlanItem.of(binding, Action.DELETE_SECRET, Reason.OIDC_DELIVERY)
					: PlanItem.of(binding, Action.NOOP, Reason.OIDC_DELIVERED);
		}
		if (desired.refused().isPresent()) {
			return PlanItem.of(binding, Action.BLOCKED, desired.refused().get());
		}
		if (desired.revoked()) {
			return PlanItem.of(binding, Action.BLOCKED, Reason.TOKEN_REVOKED);
		}
		if (desired.expiredAt(now)) {
			return PlanItem.of(binding, Action.BLOCKED, Reason.TOKEN_EXPIRED);
		}
		Optional<LedgerEntry> ledger = stored.filter(entry -> entry.binding().equals(binding));
		if (ledger.isEmpty()) {
			return PlanItem.write(desired, Action.CREATE_SECRET, Reason.NEW_BINDING);
		}
		LedgerEntry entry = ledger.get();
		boolean blockedSinceLastChange = recordUpdatedAt.map(changed -> !entry.recordedAt().isBefore(changed)).orElse(true);
		if (entry.outcome() == LedgerEntry.Outcome.BLOCKED && blockedSinceLastChange) {
			return PlanItem.of(binding, Action.BLOCKED, entry.lastError()
				.flatMap(text -> Arrays.stream(Reason.values()).filter(r -> r.sentence().equals(text)).findFirst())
				.orElse(Reason.BLOCKED_LAST_RUN));
		}
		if (entry.pendingVersion().isPresent()) {
			return PlanItem.write(desired, Action.UPDATE_SECRET, Reason.UNCONFIRMED_WRITE);
		}
		if (entry.pushedVersion() == 0) {
			return PlanItem.write(desired, Action.CREATE_SECRET, Reason.NEW_BINDING);
		}
		if (entry.pushedVersion() != desired.version()) {
			return PlanItem.write(desired, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION);
		}
		if (desired.refreshDue(entry.syncedAt(), now)) {
			return PlanItem.write(desired, Action.UPDATE_SECRET, Reason.TOKEN_REFRESH);
		}
		return PlanItem.of(binding, Action.NOOP, Reason.UP_TO_DATE);
	}

	public boolean expiringSoon() {
		return daysToExpiry.map(days -> days < EXPIRY_WARNING_DAYS).orElse(false);
	}

	/** The message a person reads first: the recorded failure of a failing binding, else the reason. */
	public String detail() {
		if (state == State.FAILING || pendingReason == Reason.BLOCKED_LAST_RUN) {
			return lastMessage.orElse(pendingReason.sentence());
		}
		return pendingReason.sentence();
	}

}
