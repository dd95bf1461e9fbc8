package org.botkeeper.vault;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.sync.OrgLedger;
import org.botkeeper.sync.OrgLedgerEntry;
import org.botkeeper.sync.OrgSecretTarget;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.sync.SecretName;

/**
 * The broker's ledger of organisation secrets at {@code org-sync/ORG/NAME}, as {@link VaultLedger}
 * keeps that of repository bindings: check-and-set writes, no values.
 */
public final class VaultOrgLedger implements OrgLedger {

	private final KvRecords kv;

	public VaultOrgLedger(VaultConnection connection, VaultLayout layout, String policy) {
		this.kv = new KvRecords(connection, layout, policy);
	}

	@Override
	public Map<OrgSecretTarget, OrgLedgerEntry> entries() {
		try {
			Map<OrgSecretTarget, OrgLedgerEntry> entries = new HashMap<>();
			for (String organisation : kv.list(VaultLayout.ORG_SYNC)) {
				if (!organisation.endsWith("/")) {
					continue;
				}
				String name = organisation.substring(0, organisation.length() - 1);
				for (String secret : kv.list(VaultLayout.ORG_SYNC + "/" + name)) {
					if (!secret.endsWith("/")) {
						OrgSecretTarget target = new OrgSecretTarget(name, new SecretName(secret));
						kv.data(VaultLayout.orgLedgerPath(target), 0)
							.flatMap(fields -> parse(target, fields))
							.ifPresent(entry -> entries.put(target, entry));
					}
				}
			}
			return entries;
		}
		catch (VaultException ex) {
			throw new RunAbortedException(ex.getMessage(), ex);
		}
	}

	@Override
	public Optional<Versioned> read(OrgSecretTarget target) {
		String path = VaultLayout.orgLedgerPath(target);
		try {
			Optional<KvMetadata> metadata = kv.metadata(path);
			if (metadata.isEmpty()) {
				return Optional.empty();
			}
			long version = metadata.get().currentVersion();
			return Optional.of(new Versioned(kv.data(path, version).flatMap(fields -> parse(target, fields)), version));
		}
		catch (VaultException ex) {
			throw SyncFailures.classify(ex);
		}
	}

	@Override
	public Optional<Long> compareAndSet(long expectedVersion, OrgLedgerEntry entry) {
		try {
			return Optional.of(kv.put(VaultLayout.orgLedgerPath(entry.target()), fields(entry), expectedVersion));
		}
		catch (CheckAndSetException ex) {
			return Optional.empty();
		}
		catch (VaultException ex) {
			throw SyncFailures.classify(ex);
		}
	}

	@Override
	public void remove(OrgSecretTarget target) {
		try {
			kv.destroy(VaultLayout.orgLedgerPath(target));
		}
		catch (VaultException ex) {
			throw SyncFailures.classify(ex);
		}
	}

	static Map<String, Object> fields(OrgLedgerEntry entry) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("secret", entry.target().toString());
		fields.put("owned", entry.owned());
		fields.put("pushed_version", entry.pushedVersion());
		entry.githubUpdatedAt().ifPresent(at -> fields.put("github_updated_at", at.toString()));
		fields.put("repositories", String.join(",", entry.repositories()));
		entry.lastError().ifPresent(error -> fields.put("last_error", error));
		fields.put("recorded_at", entry.recordedAt().toString());
		return fields;
	}

	/** A record of another shape (written by hand) is treated as none: botkeeper then owns nothing there. */
	private static Optional<OrgLedgerEntry> parse(OrgSecretTarget target, Map<String, Object> fields) {
		try {
			String repositories = String.valueOf(fields.getOrDefault("repositories", ""));
			java.util.SortedSet<String> names = new java.util.TreeSet<>();
			for (String name : repositories.split(",")) {
				if (!name.isBlank()) {
					names.add(name);
				}
			}
			return Optional.of(new OrgLedgerEntry(target, Boolean.parseBoolean(String.valueOf(fields.get("owned"))),
					Long.parseLong(String.valueOf(fields.get("pushed_version"))),
					Optional.ofNullable(fields.get("github_updated_at")).map(Object::toString).map(Instant::parse), names,
					Optional.ofNullable(fields.get("last_error")).map(Object::toString),
					Instant.parse(String.valueOf(fields.get("recorded_at")))));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	/** A Vault that did not answer, or answered with a passing server error (see {@link VaultCalls#outage}). */
	@Override
	public boolean passing(RuntimeException failure) {
		return VaultCalls.outage(failure);
	}

}
