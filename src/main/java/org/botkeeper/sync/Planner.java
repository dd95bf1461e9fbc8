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
			Optional<LedgerEntry> entry = Optional.ofNullable(ledger.get(secret.binding().repository()))
				.filter(e -> e.binding().equals(secret.binding()));
			items.add(planOne(secret, observation, entry, options, now));
		}
		ledger.values()
			.stream()
			.filter(entry -> entry.owned() && !bound.contains(entry.binding().repository()))
			.forEach(entry -> items.add(PlanItem.of(entry.binding(), options.prune() ? Action.DELETE_SECRET : Action.NOOP,
					options.prune() ? Reason.BINDING_REMOVED : Reason.ORPHANED)));
		items.sort(Comparator.comparing(item -> item.binding().toString().toLowerCase(java.util.Locale.ROOT)));
		return new Plan(items);
	}

	PlanItem planOne(DesiredSecret desired, Observation observed, Optional<LedgerEntry> ledger, Options options,
			Instant now) {
		Binding binding = desired.binding();
		if (!desired.hasValue()) {
			return PlanItem.of(binding, Action.BLOCKED, Reason.TOKEN_MISSING);
		}
		if (observed.repository() == RepositoryState.GONE) {
			return PlanItem.of(binding, Action.BLOCKED, Reason.REPOSITORY_GONE);
		}
		if (observed.repository() == RepositoryState.NO_ACCESS) {
			return PlanItem.of(binding, Action.BLOCKED, Reason.NO_ACCESS);
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
		if (desired.refreshDue(entry.syncedAt(), now)) {
			return PlanItem.write(desired, Action.UPDATE_SECRET, Reason.TOKEN_REFRESH);
		}
		if (options.force()) {
			return PlanItem.write(desired, Action.UPDATE_SECRET, Reason.FORCED);
		}
		return PlanItem.of(binding, Action.NOOP, Reason.UP_TO_DATE);
	}

}
