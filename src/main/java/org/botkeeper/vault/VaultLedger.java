package org.botkeeper.vault;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.Ledger;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;

/**
 * The broker's ledger at {@code sync/OWNER/REPO} in the KV mount, one record per repository. Because
 * the broker's whole state lives here, any replica can pick up where another stopped.
 */
public final class VaultLedger implements Ledger {

	private final KvRecords kv;

	public VaultLedger(VaultConnection connection, VaultLayout layout) {
		this.kv = new KvRecords(connection, layout, "botkeeper-broker");
	}

	@Override
	public Map<RepositoryName, LedgerEntry> entries() {
		try {
			Map<RepositoryName, LedgerEntry> entries = new HashMap<>();
			for (String owner : kv.list("sync")) {
				if (!owner.endsWith("/")) {
					continue;
				}
				String ownerName = owner.substring(0, owner.length() - 1);
				for (String repo : kv.list("sync/" + ownerName)) {
					if (repo.endsWith("/")) {
						continue;
					}
					RepositoryName repository = new RepositoryName(ownerName, repo);
					kv.data(VaultLayout.ledgerPath(repository), 0)
						.flatMap(VaultLedger::entry)
						.ifPresent(entry -> entries.put(repository, entry));
				}
			}
			return entries;
		}
		catch (UserFacingException ex) {
			throw new org.botkeeper.sync.RunAbortedException(ex.getMessage(), ex);
		}
	}

	@Override
	public Optional<LedgerEntry> entry(RepositoryName repository) {
		try {
			return kv.data(VaultLayout.ledgerPath(repository), 0).flatMap(VaultLedger::entry);
		}
		catch (UserFacingException ex) {
			throw new org.botkeeper.sync.RunAbortedException(ex.getMessage(), ex);
		}
	}

	@Override
	public void record(LedgerEntry entry) {
		String path = VaultLayout.ledgerPath(entry.binding().repository());
		try {
			// Only the lease holder writes here; check-and-set against the version just read still keeps
			// a stray second writer from silently replacing a record it never saw.
			long current = kv.metadata(path).map(KvMetadata::currentVersion).orElse(0L);
			kv.put(path, fields(entry), current);
		}
		catch (UserFacingException ex) {
			throw SyncFailures.classify(ex);
		}
	}

	@Override
	public void remove(RepositoryName repository) {
		try {
			kv.destroy(VaultLayout.ledgerPath(repository));
		}
		catch (UserFacingException ex) {
			throw SyncFailures.classify(ex);
		}
	}

	static Map<String, Object> fields(LedgerEntry entry) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("binding", entry.binding().toString());
		fields.put("environment", entry.binding().environment().value());
		fields.put("secret_name", entry.binding().secretName().value());
		fields.put("owned", entry.owned());
		fields.put("pushed_version", entry.pushedVersion());
		entry.githubUpdatedAt().ifPresent(at -> fields.put("github_updated_at", at.toString()));
		entry.keyId().ifPresent(id -> fields.put("key_id", id));
		entry.syncedAt().ifPresent(at -> fields.put("synced_at", at.toString()));
		entry.pendingVersion().ifPresent(version -> fields.put("pending_version", version));
		fields.put("outcome", entry.outcome().name());
		entry.lastError().ifPresent(error -> fields.put("last_error", error));
		fields.put("recorded_at", entry.recordedAt().toString());
		return fields;
	}

	/**
	 * The entry a record holds, or empty when it is not one of ours (written by hand or by another
	 * tool): then botkeeper knows nothing of that binding and treats its secret as not owned, which
	 * is the safe side (it refuses to overwrite it without --adopt).
	 */
	static Optional<LedgerEntry> entry(Map<String, Object> fields) {
		try {
			return Optional.of(parse(fields));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	private static LedgerEntry parse(Map<String, Object> fields) {
		String binding = text(fields, "binding").orElseThrow();
		RepositoryName repository = RepositoryName.parse(binding.substring(0, binding.indexOf(':')));
		return new LedgerEntry(
				new Binding(repository, new EnvironmentName(text(fields, "environment").orElseThrow()),
						new SecretName(text(fields, "secret_name").orElseThrow())),
				Boolean.parseBoolean(text(fields, "owned").orElse("false")),
				Long.parseLong(text(fields, "pushed_version").orElse("0")),
				text(fields, "github_updated_at").map(Instant::parse), text(fields, "key_id"),
				text(fields, "synced_at").map(Instant::parse), text(fields, "pending_version").map(Long::parseLong),
				LedgerEntry.Outcome.valueOf(text(fields, "outcome").orElse("FAILED")), text(fields, "last_error"),
				text(fields, "recorded_at").map(Instant::parse).orElse(Instant.EPOCH));
	}

	private static Optional<String> text(Map<String, Object> fields, String key) {
		return Optional.ofNullable(fields.get(key)).map(Object::toString);
	}

}
