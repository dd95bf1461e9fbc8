package org.botkeeper.vault;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.sync.LeaseStore;
import org.botkeeper.sync.RunAbortedException;

/**
 * The sync lease at {@code lease/sync} in the KV mount, written only with KV v2 check-and-set: of two
 * replicas writing against the same version, Vault lets exactly one through.
 */
public final class VaultLeaseStore implements LeaseStore {

	private final KvRecords kv;

	public VaultLeaseStore(VaultConnection connection, VaultLayout layout) {
		this.kv = new KvRecords(connection, layout, "botkeeper-broker");
	}

	@Override
	public Optional<Versioned> read() {
		try {
			Optional<KvMetadata> metadata = kv.metadata(VaultLayout.LEASE);
			if (metadata.isEmpty()) {
				return Optional.empty();
			}
			long version = metadata.get().currentVersion();
			return Optional.of(new Versioned(kv.data(VaultLayout.LEASE, version).map(VaultLeaseStore::record)
				.orElse(EXPIRED), version));
		}
		catch (VaultException ex) {
			throw new RunAbortedException(ex.getMessage(), ex);
		}
	}

	/** A record that is not a lease of ours (deleted, or written by hand) counts as an expired lease. */
	private static final Record EXPIRED = new Record("nobody", 0, Instant.EPOCH);

	private static Record record(Map<String, Object> fields) {
		try {
			return new Record(String.valueOf(fields.get("holder")), Long.parseLong(String.valueOf(fields.get("fencing"))),
					Instant.parse(String.valueOf(fields.get("expires_at"))));
		}
		catch (RuntimeException ex) {
			return EXPIRED;
		}
	}

	@Override
	public Optional<Long> compareAndSet(long expectedVersion, Record lease) {
		try {
			return Optional.of(kv.put(VaultLayout.LEASE, Map.of("holder", lease.holder(), "fencing", lease.fencing(),
					"expires_at", lease.expiresAt().toString()), expectedVersion));
		}
		catch (CheckAndSetException ex) {
			return Optional.empty();
		}
		catch (VaultException ex) {
			throw new RunAbortedException(ex.getMessage(), ex);
		}
	}

}
