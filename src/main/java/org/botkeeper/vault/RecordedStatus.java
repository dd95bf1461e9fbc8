package org.botkeeper.vault;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.botkeeper.sync.DesiredSecret;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.StatusReport;
import org.botkeeper.sync.TokenHealth;

/**
 * Every binding's status from what Vault holds, read with the caller's own token: token metadata
 * ({@code metadata/tokens/*}), the broker's ledger ({@code data/sync/*}) and the last token check
 * ({@code data/health/*}), which the admin, auditor and maintainer policies may read. Never a token value,
 * never the writer credential, never GitHub: whether a secret drifted on GitHub is not known here.
 */
public final class RecordedStatus {

	private final TokenStore tokens;

	private final TokenHealthStore health;

	private final KvRecords kv;

	private final OidcDelivery marks;

	public RecordedStatus(VaultConnection connection, VaultLayout layout, TokenDefaults defaults) {
		this.tokens = new TokenStore(connection, layout, defaults, Policy.ADMIN.policyName());
		this.health = new TokenHealthStore(connection, layout, Policy.ADMIN.policyName());
		this.kv = new KvRecords(connection, layout, Policy.ADMIN.policyName());
		this.marks = new OidcDelivery(connection, layout, Policy.ADMIN.policyName());
	}

	/**
	 * @param report one status per token record this token may read
	 * @param hidden token records this token may list but not read
	 * @param unrecorded bindings whose ledger or token check this token may not read: shown from what is left
	 */
	public record Result(StatusReport report, int hidden, int unrecorded) {

	}

	/** The status of {@code only} (every record this token may list when empty), as of {@code now}. */
	public Result read(Set<RepositoryName> only, Instant now) {
		List<RepositoryName> repositories = only.isEmpty() ? tokens.list()
				: only.stream().sorted(Comparator.comparing(RepositoryName::toString)).toList();
		List<DesiredSecret> desired = new ArrayList<>();
		Map<RepositoryName, Instant> updated = new HashMap<>();
		Map<RepositoryName, LedgerEntry> ledger = new HashMap<>();
		int hidden = 0;
		int unrecorded = 0;
		for (RepositoryName repository : repositories) {
			Optional<TokenRecord> record = allowed(() -> tokens.record(repository));
			if (record == null) {
				hidden++;
				continue;
			}
			if (record.isEmpty()) {
				if (!only.isEmpty()) {
					throw new org.botkeeper.sync.NoSuchBindingException(repository);
				}
				continue; // listed a moment ago, removed since
			}
			TokenRecord shown = record.get();
			Optional<TokenHealth> checked = allowed(() -> health.read(repository));
			Optional<LedgerEntry> entry = allowed(() -> kv.data(VaultLayout.ledgerPath(repository), 0)
				.flatMap(fields -> VaultLedger.entry(repository, fields)));
			Optional<OidcDelivery.Mark> mark = allowed(() -> marks.read(repository));
			if (checked == null || entry == null || mark == null) {
				unrecorded++;
			}
			Optional<TokenHealth> current = checked == null ? Optional.empty()
					: checked.filter(h -> h.describes(shown.version(), shown.updatedTime()));
			Optional<Instant> typed = Optional.ofNullable(shown.expiresAt())
				.map(date -> date.atStartOfDay(ZoneOffset.UTC).toInstant());
			boolean revoked = current.map(h -> h.verdict() == TokenHealth.Verdict.REVOKED).orElse(false);
			DesiredSecret secret = new DesiredSecret(shown.binding(), shown.version(), true,
					current.flatMap(TokenHealth::expiresAt).or(() -> typed), revoked,
					Optional.ofNullable(shown.app()).map(AppSource::refresh), Optional.empty(),
					shown.layout() == TokenRecord.Layout.LEGACY);
			boolean delivered = mark != null
					&& mark.filter(m -> m.environment().equals(shown.binding().environment())).isPresent();
			desired.add(delivered ? secret.deliveredByOidc() : secret);
			Optional.ofNullable(shown.updatedTime()).ifPresent(at -> updated.put(repository, at));
			if (entry != null) {
				entry.ifPresent(found -> ledger.put(repository, found));
			}
		}
		return new Result(StatusReport.recorded(desired, updated, ledger, now), hidden, unrecorded);
	}

	/** The answer, or null when Vault denied this token the path (403 by policy); other failures stay failures. */
	private static <T> T allowed(Supplier<T> call) {
		try {
			return call.get();
		}
		catch (RuntimeException ex) {
			if (VaultCalls.deniedByPolicy(ex)) {
				return null;
			}
			throw ex;
		}
	}

}
