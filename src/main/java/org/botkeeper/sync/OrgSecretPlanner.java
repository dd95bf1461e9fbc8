package org.botkeeper.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@link Planner}'s rules for organisation secrets: decides, without any I/O, what a sync must do for
 * each record from Vault, GitHub's view and the broker's ledger. The first rule that matches wins.
 * Beside the value (new version, changed on GitHub), an organisation secret has its list of selected
 * repositories, which botkeeper keeps as Vault says: a repository added or removed on GitHub by hand is
 * set back, and the plan names it.
 */
public final class OrgSecretPlanner {

	public List<OrgPlanItem> plan(List<DesiredOrgSecret> desired, Map<OrgSecretTarget, OrgObservation> observed,
			Map<OrgSecretTarget, OrgLedgerEntry> ledger, Planner.Options options) {
		List<OrgPlanItem> items = new ArrayList<>();
		for (DesiredOrgSecret secret : desired) {
			OrgObservation observation = observed.get(secret.target());
			if (observation == null) {
				throw new IllegalArgumentException("no observation for " + secret.target());
			}
			items.add(planOne(secret, observation, Optional.ofNullable(ledger.get(secret.target())), options));
		}
		for (OrgLedgerEntry entry : ledger.values()) {
			if (entry.owned() && desired.stream().noneMatch(d -> d.target().equals(entry.target()))) {
				items.add(new OrgPlanItem(entry.target(), options.prune() ? Action.DELETE_SECRET : Action.NOOP,
						options.prune() ? Reason.BINDING_REMOVED : Reason.ORPHANED, 0, entry.repositories().size(),
						Optional.empty()));
			}
		}
		items.sort(Comparator.comparing(item -> item.target().toString()));
		return items;
	}

	OrgPlanItem planOne(DesiredOrgSecret desired, OrgObservation observed, Optional<OrgLedgerEntry> ledger,
			Planner.Options options) {
		if (desired.failure().isPresent()) {
			return failed(desired, Reason.VAULT_READ_FAILED, desired.failure().get());
		}
		if (!desired.hasValue()) {
			return of(desired, Action.BLOCKED, Reason.TOKEN_MISSING, Optional.empty());
		}
		if (observed.failure().isPresent()) {
			return failed(desired, Reason.GITHUB_READ_FAILED, observed.failure().get());
		}
		if (!observed.unknown().isEmpty()) {
			return failed(desired, Reason.REPOSITORY_UNKNOWN, "Not written: " + names(desired.target(), observed.unknown())
					+ (observed.unknown().size() == 1 ? " does" : " do") + " not exist on GitHub, or the writer of "
					+ desired.target().organisation() + " cannot see " + (observed.unknown().size() == 1 ? "it" : "them")
					+ ". Fix the list with 'botkeeper org-secret put " + desired.target().organisation() + " --secret-name "
					+ desired.target().secretName() + " --repositories ...', or give the writer access.");
		}
		if (!observed.exists()) {
			Reason reason = ledger.map(OrgLedgerEntry::pushedVersion).orElse(0L) > 0 ? Reason.DELETED_OUT_OF_BAND
					: Reason.NEW_BINDING;
			return write(desired, Action.CREATE_SECRET, reason, Optional.empty());
		}
		if (!ledger.map(OrgLedgerEntry::owned).orElse(false)) {
			return options.adopt() ? write(desired, Action.UPDATE_SECRET, Reason.ADOPTED, Optional.empty())
					: of(desired, Action.BLOCKED, Reason.UNMANAGED_SECRET, Optional.empty());
		}
		OrgLedgerEntry entry = ledger.get();
		if (entry.unconfirmed()) {
			return write(desired, Action.UPDATE_SECRET, Reason.UNCONFIRMED_WRITE, Optional.empty());
		}
		if (entry.pushedVersion() != desired.version()) {
			return write(desired, Action.UPDATE_SECRET, Reason.NEW_TOKEN_VERSION, Optional.empty());
		}
		if (!observed.selected()) {
			return write(desired, Action.UPDATE_SECRET, Reason.VISIBILITY_WIDENED,
					Optional.of("visibility '" + observed.visibility() + "'"));
		}
		// GitHub never returns values, so a value written by someone else shows only in updated_at.
		if (entry.githubUpdatedAt().map(observed.updatedAt().get()::isAfter).orElse(true)) {
			return write(desired, Action.UPDATE_SECRET, Reason.CHANGED_OUT_OF_BAND, Optional.empty());
		}
		if (!observed.repositories().equals(desired.repositories())) {
			// The list is part of the record's version, so a list changed in Vault is a new version (above): a
			// difference here was made on GitHub.
			return write(desired, Action.UPDATE_SECRET, Reason.SELECTION_CHANGED,
					Optional.of(difference(desired, observed)));
		}
		if (options.force()) {
			return write(desired, Action.UPDATE_SECRET, Reason.FORCED, Optional.empty());
		}
		return of(desired, Action.NOOP, Reason.UP_TO_DATE, Optional.empty());
	}

	/** Whether applying {@code item} sets the list alone: the value on GitHub is the one Vault holds. */
	public static boolean selectionOnly(OrgPlanItem item) {
		return item.reason() == Reason.SELECTION_CHANGED;
	}

	/** "adds a, removes b", from GitHub's list to Vault's. */
	private static String difference(DesiredOrgSecret desired, OrgObservation observed) {
		SortedSet<String> added = new TreeSet<>(desired.repositories());
		added.removeAll(observed.repositories());
		SortedSet<String> removed = new TreeSet<>(observed.repositories());
		removed.removeAll(desired.repositories());
		List<String> parts = new ArrayList<>();
		if (!added.isEmpty()) {
			parts.add("adds " + names(desired.target(), added));
		}
		if (!removed.isEmpty()) {
			parts.add("removes " + names(desired.target(), removed));
		}
		return String.join(", ", parts);
	}

	private static String names(OrgSecretTarget target, java.util.Collection<String> repositories) {
		return String.join(", ", repositories.stream()
			.map(name -> name.contains("/") ? name : target.organisation() + "/" + name)
			.toList());
	}

	private static OrgPlanItem write(DesiredOrgSecret desired, Action action, Reason reason, Optional<String> detail) {
		return new OrgPlanItem(desired.target(), action, reason, desired.version(), desired.repositories().size(), detail);
	}

	private static OrgPlanItem of(DesiredOrgSecret desired, Action action, Reason reason, Optional<String> detail) {
		return new OrgPlanItem(desired.target(), action, reason, 0, desired.repositories().size(), detail);
	}

	private static OrgPlanItem failed(DesiredOrgSecret desired, Reason reason, String message) {
		return new OrgPlanItem(desired.target(), Action.FAILED, reason, 0, desired.repositories().size(),
				Optional.of(message));
	}

}
