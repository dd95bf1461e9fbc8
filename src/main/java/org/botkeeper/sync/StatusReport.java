package org.botkeeper.sync;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every binding's status and the summary at the top of {@code status} and the status page.
 *
 * @param driftChecked whether GitHub was asked (a plan as the writer); false for the report from Vault alone
 */
public record StatusReport(List<BindingStatus> bindings, Instant generatedAt, boolean driftChecked) {

	public StatusReport {
		bindings = List.copyOf(bindings);
	}

	/** Joins what Vault wants, what the ledger records and what the latest plan found. */
	public static StatusReport of(List<DesiredSecret> desired, Map<RepositoryName, LedgerEntry> ledger, Plan plan,
			Instant now) {
		Map<Binding, PlanItem> planned = plan.items()
			.stream()
			.collect(Collectors.toMap(PlanItem::binding, Function.identity(), (a, b) -> a));
		List<BindingStatus> bindings = desired.stream()
			.map(secret -> BindingStatus.of(secret,
					LedgerEntry.recordedFor(ledger, secret.binding()),
					planned.getOrDefault(secret.binding(), PlanItem.of(secret.binding(), Action.NOOP, Reason.UP_TO_DATE)),
					now))
			.sorted(Comparator.comparing(status -> status.binding().toString()))
			.toList();
		return new StatusReport(bindings, now, true);
	}

	/**
	 * The report from Vault's records alone: what Vault wants, the ledger, and when each token record last
	 * changed ({@code recordUpdatedAt}, by repository). GitHub is not asked, so drift is not known.
	 */
	public static StatusReport recorded(List<DesiredSecret> desired, Map<RepositoryName, Instant> recordUpdatedAt,
			Map<RepositoryName, LedgerEntry> ledger, Instant now) {
		List<BindingStatus> bindings = desired.stream()
			.map(secret -> BindingStatus.recorded(secret, Optional.ofNullable(ledger.get(secret.binding().repository())),
					Optional.ofNullable(recordUpdatedAt.get(secret.binding().repository())), now))
			.sorted(Comparator.comparing(status -> status.binding().toString()))
			.toList();
		return new StatusReport(bindings, now, false);
	}

	public long count(BindingStatus.State state) {
		return bindings.stream().filter(status -> status.state() == state).count();
	}

	public long synced() {
		return count(BindingStatus.State.SYNCED);
	}

	/** BLOCKED or FAILING: bindings a person must look at. */
	public long needingAttention() {
		return bindings.stream().filter(status -> status.state().needsAttention()).count();
	}

	public long expiringSoon() {
		return bindings.stream().filter(BindingStatus::expiringSoon).count();
	}

}
