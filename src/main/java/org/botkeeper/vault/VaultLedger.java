package org.botkeeper.vault;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.sync.Binding;
import org.botkeeper.sync.DestinationKind;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.Ledger;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.sync.SecretName;
import org.botkeeper.sync.Validators;

/**
 * The broker's ledger at {@code sync/owner/repo} in the KV mount, one record per repository, written
 * with check-and-set only. Because the broker's whole state lives here, any replica can pick up where
 * another stopped.
 */
public final class VaultLedger implements Ledger {

	private final KvRecords kv;

	/** Records found under a spelling other than the canonical path, so they are updated in place. */
	private final Map<RepositoryName, String> paths = new java.util.concurrent.ConcurrentHashMap<>();

	public VaultLedger(VaultConnection connection, VaultLayout layout) {
		this.kv = new KvRecords(connection, layout, Policy.BROKER.policyName());
	}

	@Override
	public Map<RepositoryName, LedgerEntry> entries() {
		try {
			Map<RepositoryName, String> listed = new LinkedHashMap<>();
			for (String owner : kv.list("sync")) {
				if (!owner.endsWith("/")) {
					continue;
				}
				String ownerName = owner.substring(0, owner.length() - 1);
				for (String repo : kv.list("sync/" + ownerName)) {
					if (!repo.endsWith("/")) {
						listed.put(new RepositoryName(ownerName, repo), "sync/" + ownerName + "/" + repo);
					}
				}
			}
			List<RepositoryName> repositories = List.copyOf(listed.keySet());
			var reads = ConcurrentReads.map(repositories, repository -> kv.data(listed.get(repository), 0));
			Map<RepositoryName, LedgerEntry> entries = new HashMap<>();
			for (int i = 0; i < repositories.size(); i++) {
				RepositoryName repository = repositories.get(i);
				paths.putIfAbsent(repository, listed.get(repository));
				reads.get(i).get().flatMap(fields -> entry(repository, fields)).ifPresent(entry -> entries.put(repository, entry));
			}
			return entries;
		}
		catch (VaultException ex) {
			throw new RunAbortedException(ex.getMessage(), ex);
		}
	}

	/**
	 * One read per repository at its lower-case path; only a repository with no record there costs the
	 * two listings that find a record an earlier botkeeper wrote under another spelling.
	 */
	@Override
	public Map<RepositoryName, LedgerEntry> entries(Set<RepositoryName> repositories) {
		try {
			Map<RepositoryName, LedgerEntry> entries = new HashMap<>();
			for (RepositoryName repository : repositories) {
				String canonical = VaultLayout.ledgerPath(repository);
				Optional<Map<String, Object>> fields = kv.data(canonical, 0);
				String path = canonical;
				if (fields.isEmpty()) {
					Optional<String> variant = caseVariant(repository);
					if (variant.isEmpty()) {
						continue;
					}
					path = variant.get();
					fields = kv.data(path, 0);
				}
				String[] parts = path.split("/");
				RepositoryName spelled = new RepositoryName(parts[1], parts[2]);
				paths.putIfAbsent(spelled, path);
				fields.flatMap(found -> entry(spelled, found)).ifPresent(entry -> entries.put(spelled, entry));
			}
			return entries;
		}
		catch (VaultException ex) {
			throw new RunAbortedException(ex.getMessage(), ex);
		}
	}

	private Optional<String> caseVariant(RepositoryName repository) {
		for (String owner : kv.list("sync")) {
			String name = owner.substring(0, owner.length() - 1);
			if (owner.endsWith("/") && name.equalsIgnoreCase(repository.owner())) {
				for (String repo : kv.list("sync/" + name)) {
					if (!repo.endsWith("/") && repo.equalsIgnoreCase(repository.repo())) {
						return Optional.of("sync/" + name + "/" + repo);
					}
				}
			}
		}
		return Optional.empty();
	}

	@Override
	public Optional<Versioned> read(RepositoryName repository) {
		String path = path(repository);
		try {
			Optional<KvMetadata> metadata = kv.metadata(path);
			if (metadata.isEmpty()) {
				return Optional.empty();
			}
			long version = metadata.get().currentVersion();
			return Optional.of(new Versioned(kv.data(path, version).flatMap(fields -> entry(repository, fields)), version));
		}
		catch (VaultException ex) {
			throw SyncFailures.classify(ex);
		}
	}

	@Override
	public Optional<Long> compareAndSet(long expectedVersion, LedgerEntry entry) {
		try {
			return Optional.of(kv.put(path(entry.binding().repository()), fields(entry), expectedVersion));
		}
		catch (CheckAndSetException ex) {
			return Optional.empty();
		}
		catch (VaultException ex) {
			throw SyncFailures.classify(ex);
		}
	}

	@Override
	public void remove(RepositoryName repository) {
		try {
			kv.destroy(path(repository));
		}
		catch (VaultException ex) {
			throw SyncFailures.classify(ex);
		}
	}

	/** A Vault that did not answer, or answered with a passing server error (see {@link VaultCalls#outage}). */
	@Override
	public boolean passing(RuntimeException failure) {
		return VaultCalls.outage(failure);
	}

	/** The canonical path, or the spelling an earlier botkeeper wrote this repository's record under. */
	private String path(RepositoryName repository) {
		return paths.getOrDefault(repository, VaultLayout.ledgerPath(repository));
	}

	static Map<String, Object> fields(LedgerEntry entry) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("binding", entry.binding().toString());
		if (entry.binding().inEnvironment()) {
			fields.put("environment", entry.binding().environment().value());
		}
		else {
			fields.put("destination", entry.binding().kind().value());
		}
		fields.put("secret_name", entry.binding().secretName().value());
		fields.put("owned", entry.owned());
		fields.put("pushed_version", entry.pushedVersion());
		entry.githubUpdatedAt().ifPresent(at -> fields.put("github_updated_at", at.toString()));
		entry.keyId().ifPresent(id -> fields.put("key_id", id));
		// GitHub's ETag of the read that showed github_updated_at: a fresh process asks "unchanged?" with it
		// (a 304 costs no primary point). Absent in records of earlier versions; the github_key_etag of
		// earlier records is no longer read (plans do not look at the key, see Planner).
		entry.validators().secret().ifPresent(etag -> fields.put("github_secret_etag", etag));
		entry.syncedAt().ifPresent(at -> fields.put("synced_at", at.toString()));
		entry.pendingVersion().ifPresent(version -> fields.put("pending_version", version));
		fields.put("outcome", entry.outcome().name());
		entry.lastError().ifPresent(error -> fields.put("last_error", error));
		fields.put("recorded_at", entry.recordedAt().toString());
		// Earlier targets where botkeeper still owns a secret: "environment/SECRET_NAME" one per line for
		// environment secrets, "KIND/SECRET_NAME" for the others (apart: an environment may be named anything).
		List<String> inEnvironments = entry.retired().stream().filter(Binding::inEnvironment)
			.map(b -> b.environment().value() + "/" + b.secretName().value()).toList();
		List<String> elsewhere = entry.retired().stream().filter(b -> !b.inEnvironment())
			.map(b -> b.kind().value() + "/" + b.secretName().value()).toList();
		if (!inEnvironments.isEmpty()) {
			fields.put("retired", String.join("\n", inEnvironments));
		}
		if (!elsewhere.isEmpty()) {
			fields.put("retired_elsewhere", String.join("\n", elsewhere));
		}
		return fields;
	}

	/**
	 * The entry a record holds, or empty when it is not one of ours (written by hand or by another
	 * tool): then botkeeper knows nothing of that binding and treats its secret as not owned, which
	 * is the safe side (it refuses to overwrite it without --adopt). The repository is the one the
	 * record's Vault path names, never a name written inside it: a record cannot make {@code --prune}
	 * delete another repository's secret.
	 */
	static Optional<LedgerEntry> entry(RepositoryName repository, Map<String, Object> fields) {
		try {
			return Optional.of(parse(repository, fields));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	private static LedgerEntry parse(RepositoryName repository, Map<String, Object> fields) {
		List<Binding> retired = new ArrayList<>();
		text(fields, "retired").ifPresent(text -> text.lines().filter(line -> line.lastIndexOf('/') > 0).forEach(line -> {
			int slash = line.lastIndexOf('/');
			retired.add(new Binding(repository, new EnvironmentName(line.substring(0, slash)),
					new SecretName(line.substring(slash + 1))));
		}));
		text(fields, "retired_elsewhere").ifPresent(text -> text.lines().filter(line -> line.indexOf('/') > 0).forEach(line -> {
			int slash = line.indexOf('/');
			retired.add(new Binding(repository, null, new SecretName(line.substring(slash + 1)),
					DestinationKind.of(line.substring(0, slash))));
		}));
		DestinationKind kind = text(fields, "destination").map(DestinationKind::of).orElse(DestinationKind.ENVIRONMENT);
		SecretName name = new SecretName(text(fields, "secret_name").orElseThrow());
		return new LedgerEntry(
				kind == DestinationKind.ENVIRONMENT
						? new Binding(repository, new EnvironmentName(text(fields, "environment").orElseThrow()), name)
						: new Binding(repository, null, name, kind),
				Boolean.parseBoolean(text(fields, "owned").orElse("false")),
				Long.parseLong(text(fields, "pushed_version").orElse("0")),
				text(fields, "github_updated_at").map(Instant::parse), text(fields, "key_id"),
				text(fields, "synced_at").map(Instant::parse), text(fields, "pending_version").map(Long::parseLong),
				LedgerEntry.Outcome.valueOf(text(fields, "outcome").orElse("FAILED")), text(fields, "last_error"),
				text(fields, "recorded_at").map(Instant::parse).orElse(Instant.EPOCH), retired,
				new Validators(text(fields, "github_secret_etag")));
	}

	private static Optional<String> text(Map<String, Object> fields, String key) {
		return Optional.ofNullable(fields.get(key)).map(Object::toString);
	}

}
