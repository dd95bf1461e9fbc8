package org.botkeeper.vault;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.sync.LeaseEvent;
import org.botkeeper.sync.LeaseHolder;
import org.botkeeper.sync.LeaseStore;
import org.botkeeper.sync.RunAbortedException;

/**
 * The sync lease at {@code lease/sync} in the KV mount, written only with KV v2 check-and-set: of two
 * replicas writing against the same version, Vault lets exactly one through. Besides the holder, its
 * fencing number and expiry, the record keeps the holder's host and process (so a replica on the same
 * machine can tell it is gone) and the lease's history of takeovers and breaks.
 */
public final class VaultLeaseStore implements LeaseStore {

	private final KvRecords kv;

	public VaultLeaseStore(VaultConnection connection, VaultLayout layout) {
		this.kv = new KvRecords(connection, layout, Policy.BROKER.policyName());
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
	private static final Record EXPIRED = new Record(LeaseHolder.named("nobody"), 0, Instant.EPOCH);

	static Record record(Map<String, Object> fields) {
		try {
			LeaseHolder holder = new LeaseHolder(String.valueOf(fields.get("holder")), text(fields, "host"),
					text(fields, "machine"), Long.parseLong(Optional.ofNullable(fields.get("pid")).orElse("0").toString()),
					Optional.ofNullable(fields.get("process_started")).map(Object::toString).map(Instant::parse));
			return new Record(holder, Long.parseLong(String.valueOf(fields.get("fencing"))),
					Instant.parse(String.valueOf(fields.get("expires_at"))), history(fields.get("history")));
		}
		catch (RuntimeException ex) {
			return EXPIRED;
		}
	}

	private static List<LeaseEvent> history(Object value) {
		List<LeaseEvent> events = new ArrayList<>();
		if (value instanceof List<?> list) {
			for (Object item : list) {
				if (item instanceof Map<?, ?> event) {
					try {
						events.add(new LeaseEvent(Instant.parse(String.valueOf(event.get("at"))),
								LeaseEvent.Kind.valueOf(String.valueOf(event.get("kind"))), String.valueOf(event.get("by")),
								String.valueOf(event.get("previous_holder")), String.valueOf(event.get("reason"))));
					}
					catch (RuntimeException ex) {
						// An entry written by hand: the history is for people, the lease itself still works.
					}
				}
			}
		}
		return events;
	}

	static Map<String, Object> fields(Record lease) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("holder", lease.holder().name());
		fields.put("fencing", lease.fencing());
		fields.put("expires_at", lease.expiresAt().toString());
		fields.put("host", lease.holder().host());
		fields.put("machine", lease.holder().machine());
		fields.put("pid", lease.holder().pid());
		lease.holder().started().ifPresent(started -> fields.put("process_started", started.toString()));
		fields.put("history", lease.history().stream().map(event -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("at", event.at().toString());
			entry.put("kind", event.kind().name());
			entry.put("by", event.by());
			entry.put("previous_holder", event.previousHolder());
			entry.put("reason", event.reason());
			return entry;
		}).toList());
		return fields;
	}

	private static String text(Map<String, Object> fields, String key) {
		Object value = fields.get(key);
		return value == null ? "" : value.toString();
	}

	@Override
	public Optional<Long> compareAndSet(long expectedVersion, Record lease) {
		try {
			return Optional.of(kv.put(VaultLayout.LEASE, fields(lease), expectedVersion));
		}
		catch (CheckAndSetException ex) {
			return Optional.empty();
		}
		catch (VaultException ex) {
			throw new RunAbortedException(ex.getMessage(), ex);
		}
	}

}
