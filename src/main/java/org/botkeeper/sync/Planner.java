package org.botkeeper.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.sync.Observation.EnvironmentState;
import org.botkeeper.sync.Observation.RepositoryState;

/**
 * Decides, without any I/O, what a sync must do: from what Vault wants (desired), what GitHub shows
 * (observed) and what the broker last confirmed (the ledger), one {@link PlanItem} per binding with
 * its reason. The first rule that matches wins; the order below is the order of the checks.
 */
public final class Planner {

	/**
	 * @param adopt take over same-name secrets botkeeper did not create
	 * @param force push every binding again, even when up to date
	 * @param prune delete the GitHub secrets of owned bindings that are gone from Vault
	 */
	public record Options(boolean adopt, boolean force, boolean prune) {

		public static final Options DEFAULT = new Options(false, false, false);

	}

	public Plan plan(List<DesiredSecret> desired, Map<Binding, Observation> observed,
			Map<RepositoryName, LedgerEntry> ledger, Options options, Instant now) {
		List<PlanItem> items = new ArrayList<>();
		Set<RepositoryName> bound = new HashSet<>();
		for (DesiredSecret secret : desired) {
			bound.add(secret.binding().repository());
			Observation observation = observed.get(secret.binding());
			if (observation == null) {
				throw new IllegalArgumentException("no observation for " + secret.binding());
			}
			Optional<LedgerEntry> stored = Optional.ofNullable(ledger.get(secret.binding().repository()));
			Optional<LedgerEntry> entry = stored.filter(e -> e.binding().equals(secret.binding()))
				.or(() -> stored.filter(e -> e.retired().contains(secret.binding()))
					.map(e -> ownedWithoutConfirmation(secret.binding(), e)));
			items.add(planOne(secret, observation, entry, options, now));
			if (!secret.bindingKnown()) {
				// Where this record's value goes is unknown this time: its old targets are not former ones.
				continue;
			}
			stored.ifPresent(record -> formerTargets(record, secret.binding()).forEach(target -> items
				.add(PlanItem.of(target, options.prune() ? Action.DELETE_SECRET : Action.NOOP,
						options.prune() ? Reason.TARGET_MOVED : Reason.TARGET_MOVED_KEPT))));
		}
		for (LedgerEntry entry : ledger.values()) {
			if (bound.contains(entry.binding().repository())) {
				continue;
			}
			formerTargets(entry, null).forEach(target -> items.add(PlanItem.of(target,
					options.prune() ? Action.DELETE_SECRET : Action.NOOP,
					options.prune() ? Reason.BINDING_REMOVED : Reason.ORPHANED)));
		}
		items.sort(Comparator.comparing(item -> item.binding().toString().toLowerCase(java.util.Locale.ROOT)));
		return new Plan(items);
	}

	/**
	 * A binding moved back to one of its earlier targets: the secret there is still botkeeper's, so it
	 * is updated like any owned secret, not refused as someone else's.
	 */
	private static LedgerEntry ownedWithoutConfirmation(Binding binding, LedgerEntry stored) {
		return new LedgerEntry(binding, true, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
				LedgerEntry.Outcome.PENDING, Optional.empty(), stored.recordedAt());
	}

	/**
	 * The secrets botkeeper owns for this repository other than at {@code current}: its old targets
	 * after the binding moved to another environment or secret name, or all of them when the binding
	 * is gone from Vault ({@code current} null).
	 */
	private static List<Binding> formerTargets(LedgerEntry entry, Binding current) {
		List<Binding> targets = new ArrayList<>();
		if (entry.owned() && !entry.binding().equals(current)) {
			targets.add(entry.binding());
		}
		entry.retired().stream().filter(b -> !b.equals(current) && !targets.contains(b)).forEach(targets::add);
		return targets;
	}

	/**
	 * A binding the operator marked as delivered by OIDC: its workflows read the token from Vault, so the
	 * environment secret is deleted when botkeeper owns it, and never created (whatever the token's state:
	 * nothing is pushed). A secret of someone else's is never deleted.
	 */
	private static PlanItem oidcDelivered(DesiredSecret desired, Observation observed, Optional<LedgerEntry> ledger) {
		Binding binding = desired.binding();
		if (!observed.secretExists()) {
			return PlanItem.of(binding, Action.NOOP, Reason.OIDC_DELIVERED);
		}
		return ledger.filter(entry -> entry.owns(binding)).isPresent()
				? PlanItem.of(binding, Action.DELETE_SECRET, Reason.OIDC_DELIVERY)
				: PlanItem.of(binding, Action.BLOCKED, Reason.OIDC_UNMANAGED_SECRET);
	}

	PlanItem planOne(DesiredSecret desired, Observation observed, Optional<LedgerEntry> ledger, Options options,
			Instant now) {
		Binding binding = desired.binding();
		if (desired.failure().isPresent()) {
			return PlanItem.failed(binding, Reason.VAULT_READ_FAILED, desired.failure().get());
		}
		// Only a binding read from the value's own version: a shown one (metadata) may be edited by others.
		boolean oidc = desired.oidcDelivered() && desired.bindingKnown() && desired.hasValue();
		if (!oidc && !desired.hasValue()) {
			return PlanItem.of(binding, Action.BLOCKED, Reason.TOKEN_MISSING);
		}
		if (!oidc && desired.refused().isPresent()) {
			return PlanItem.of(binding, Action.BLOCKED, desired.refused().get());
		}
		if (observed.failure().isPresent()) {
			return PlanItem.failed(binding, Reason.GITHUB_READ_FAILED, observed.failure().get());
		}
		if (observed.repository() == RepositoryState.GONE) {
			return PlanItem.of(binding, Action.BLOCKED, Reason.REPOSITORY_GONE);
		}
		if (observed.repository() == RepositoryState.NO_ACCESS) {
			return PlanItem.of(binding, Action.BLOCKED, Reason.NO_ACCESS);
		}
		if (oidc) {
			return oidcDelivered(desired, observed, ledger);
		}
		if (desired.revoked()) {
			return PlanItem.of(binding, Action.BLOCKED, Reason.TOKEN_REVOKED);
		}
		if (desired.expiredAt(now)) {
			return PlanItem.of(binding, Action.BLOCKED, Reason.TOKEN_EXPIRED);
		}
		if (observed.environment() == EnvironmentState.MISSING) {
			return PlanItem.write(desired, Action.CREATE_ENVIRONMENT, Reason.ENVIRONMENT_MISSING);
		}
		if (observed.environment() == EnvironmentState.UNPROTECTED) {
			return PlanItem.of(binding, Action.BLOCKED, Reason.ENVIRONMENT_UNPROTECTED);
		}
		boolean owned = ledger.map(LedgerEntry::owned).orElse(false);
		if (!observed.secretExists()) {
			Reason reason = ledger.map(LedgerEntry::pushedVersion).orElse(0L) > 0 ? Reason.DELETED_OUT_OF_BAND
					: Reason.NEW_BINDING;
			return PlanItem.write(desired, Action.CREATE_SECRET, reason);
		}
		if (!owned) {
			return options.adopt() ? PlanItem.write(desired, Action.UPDATE_SECRET, Reason.ADOPTED)
					: PlanItem.of(binding, Action.BLOCKED, Reason.UNMANAGED_SECRET);
		}
		LedgerEntry entry = ledger.get();
		if (entry.pendingVersion().isPresent()) {
			return PlanItem.write(desired, Action.UPDATE_SECRET, Reason.UNCONFIRMED_WRITE);
		}
		if (entry.pushedVersion() != desired.version()) {
			return PlanItem.write(desired, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION);
		}
		// GitHub never returns secret values, so drift is decided from updated_at alone.
		Instant seen = observed.secretUpdatedAt().get();
		if (entry.githubUpdatedAt().map(seen::isAfter).orElse(true)) {
			return PlanItem.write(desired, Action.UPDATE_SECRET, Reason.CHANGED_OUT_OF_BAND);
		}
		// The environment's public key is not looked at here: GitHub keeps the key id sent with each secret,
		// so a key that changes after a confirmed write leaves the stored value as it was. What spoils a value
		// is a box sealed to a key that changed during the write (cli/cli#3831), and the write itself checks
		// the key again right after it (EnvironmentSecretsClient#putSecret).
		if (desired.refreshDue(entry.syncedAt(), now)) {
			return PlanItem.write(desired, Action.UPDATE_SECRET, Reason.TOKEN_REFRESH);
		}
		if (options.force()) {
			return PlanItem.write(desired, Action.UPDATE_SECRET, Reason.FORCED);
		}
		return PlanItem.of(binding, Action.NOOP, Reason.UP_TO_DATE);
	}

}
