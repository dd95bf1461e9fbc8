package org.botkeeper.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every binding's status and the summary at the top of {@code status} and the status page. */
public record StatusReport(List<BindingStatus> bindings, Instant generatedAt) {

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
					Optional.ofNullable(ledger.get(secret.binding().repository()))
						.filter(entry -> entry.binding().equals(secret.binding())),
					planned.getOrDefault(secret.binding(), PlanItem.of(secret.binding(), Action.NOOP, Reason.UP_TO_DATE)),
					now))
			.sorted(java.util.Comparator.comparing(status -> status.binding().toString()))
			.toList();
		return new StatusReport(bindings, now);
	}

	public long synced() {
		return bindings.stream().filter(BindingStatus::synced).count();
	}

	public long failing() {
		return bindings.stream().filter(BindingStatus::failing).count();
	}

	public long expiringSoon() {
		return bindings.stream().filter(BindingStatus::expiringSoon).count();
	}

}
