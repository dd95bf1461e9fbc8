package org.botkeeper.broker;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.sync.BindingStatus;
import org.botkeeper.sync.StatusReport;

/**
 * The JSON shape of a status report, shared by {@code botkeeper status --format json} and the
 * service's {@code /api/status}, so scripts can read either. Plain maps with stable keys; no secret
 * value can appear because none is in the report. Each binding's {@code state} is SYNCED, PENDING,
 * BLOCKED or FAILING; the summary counts each state (BLOCKED and FAILING are never counted as synced).
 */
public final class StatusDocument {

	private StatusDocument() {
	}

	public static Map<String, Object> of(StatusReport report, Optional<Instant> nextRunAt) {
		return of(report, nextRunAt, List.of());
	}

	/**
	 * With the organisation secrets' states too, under {@code organisation_secrets} (left out when there
	 * are none, so documents without them keep their shape).
	 */
	public static Map<String, Object> of(StatusReport report, Optional<Instant> nextRunAt,
			List<org.botkeeper.sync.OrgSecretStatus> organisations) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("bindings", report.bindings().size());
		for (BindingStatus.State state : BindingStatus.State.values()) {
			summary.put(state.name().toLowerCase(java.util.Locale.ROOT), report.count(state));
		}
		summary.put("expiring_soon", report.expiringSoon());
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("generated_at", report.generatedAt().toString());
		document.put("drift_checked", report.driftChecked());
		document.put("next_run_at", nextRunAt.map(Instant::toString).orElse(null));
		document.put("summary", summary);
		List<Map<String, Object>> bindings = report.bindings().stream().map(StatusDocument::binding).toList();
		document.put("bindings", bindings);
		if (!organisations.isEmpty()) {
			document.put("organisation_secrets", organisations.stream().map(StatusDocument::organisation).toList());
		}
		return document;
	}

	private static Map<String, Object> organisation(org.botkeeper.sync.OrgSecretStatus status) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("secret", status.target().toString());
		row.put("state", status.state().name());
		row.put("organisation", status.target().organisation());
		row.put("secret_name", status.target().secretName().toString());
		row.put("repositories", List.copyOf(status.repositories()));
		row.put("vault_version", status.vaultVersion());
		row.put("pushed_version", status.pushedVersion());
		// null when GitHub was not asked or did not answer for it (status without --drift): unknown is not "no drift"
		row.put("drift", status.driftChecked() ? status.drift() : null);
		row.put("detail", status.detail());
		return row;
	}

	static Map<String, Object> binding(BindingStatus status) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("binding", status.binding().toString());
		row.put("state", status.state().name());
		row.put("repository", status.binding().repository().toString());
		row.put("destination", status.binding().kind().value());
		row.put("environment", status.binding().inEnvironment() ? status.binding().environment().toString() : null);
		row.put("secret_name", status.binding().secretName().toString());
		row.put("vault_version", status.vaultVersion());
		row.put("pushed_version", status.pushedVersion());
		row.put("last_outcome", status.lastOutcome().map(Enum::name).orElse(null));
		row.put("last_message", status.lastMessage().orElse(null));
		row.put("last_synced_at", status.lastSyncedAt().map(Instant::toString).orElse(null));
		row.put("expires_at", status.expiresAt().map(Instant::toString).orElse(null));
		row.put("days_to_expiry", status.daysToExpiry().orElse(null));
		row.put("token_revoked", status.tokenRevoked());
		row.put("expiring_soon", status.expiringSoon());
		// null when GitHub was not asked (status from Vault alone): unknown is not "no drift"
		row.put("drift", status.driftChecked() ? status.drift() : null);
		row.put("next_action", status.pendingAction().name());
		row.put("reason", status.pendingReason().name());
		row.put("reason_text", status.pendingReason().sentence());
		row.put("detail", status.detail());
		return row;
	}

}
