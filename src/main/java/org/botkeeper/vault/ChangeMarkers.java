package org.botkeeper.vault;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.sync.InvalidNameException;
import org.botkeeper.sync.RepositoryName;

/**
 * The change marker at {@code changes} in the KV mount: every change made through botkeeper (a token
 * stored or deleted, a writer credential set) adds one version naming what changed, so that
 * {@code serve} learns of it with one metadata read per poll and pushes only that.
 *
 * <p>A version holds a repository's name or the word {@code writer}, never a value. Admins and a
 * repository's maintainers may add versions and read the metadata (to know the version to write
 * against), but read no version's data: a maintainer cannot see which other repositories changed. Anyone
 * who may write a token may therefore write a marker that names another repository, or the writer, or
 * nothing sensible at all; the broker takes a marker only as a hint of where to look and plans those
 * bindings from Vault's records as usual, so a forged one costs at most an early plan of the bindings
 * it names; one that cannot be narrowed to bindings ({@link Pending#everything()}) is left to serve's
 * full run (see {@link #since}).
 *
 * @see <a href="https://openbao.org/api-docs/secret/kv/kv-v2/">KV v2 API: versions and check-and-set</a>
 */
public final class ChangeMarkers {

	/**
	 * Unread versions beyond this are not read one by one: a plan of every binding costs less than that
	 * many Vault reads, and KV keeps only the last few versions (10 unless the mount says otherwise) anyway.
	 */
	static final int MAX_UNREAD = 10;

	private static final String REPOSITORY = "repository";

	private static final String WRITER = "writer";

	private static final int CHECK_AND_SET_ATTEMPTS = 10;

	private final KvRecords kv;

	/** @param policy the policy named in a "permission denied" message, e.g. botkeeper-admin */
	public ChangeMarkers(VaultConnection connection, VaultLayout layout, String policy) {
		this.kv = new KvRecords(connection, layout, policy);
	}

	/** Records that the token record of {@code repository} changed (stored, App settings changed, deleted). */
	public long tokenChanged(RepositoryName repository) {
		return add(Map.of(REPOSITORY, VaultLayout.canonical(repository)));
	}

	/** Records that the writer credential changed: every binding may write differently now. */
	public long writerChanged() {
		return add(Map.of(WRITER, "changed"));
	}

	/**
	 * Adds a version with check-and-set against the version just read, again when another writer came
	 * first: two changes at once both land as versions of their own, neither replaces the other.
	 */
	private long add(Map<String, Object> data) {
		CheckAndSetException last = null;
		for (int attempt = 0; attempt < CHECK_AND_SET_ATTEMPTS; attempt++) {
			try {
				return kv.put(VaultLayout.CHANGES, new LinkedHashMap<>(data), version());
			}
			catch (CheckAndSetException ex) {
				last = ex;
			}
		}
		throw last;
	}

	/** The marker's current version (0 before the first change): one metadata read. */
	public long version() {
		return kv.metadata(VaultLayout.CHANGES).map(KvMetadata::currentVersion).orElse(0L);
	}

	/**
	 * What changed after version {@code seen} up to {@code latest}: reads each version in between (the
	 * broker's policy may, nobody else's). Everything is to be planned when the versions cannot all be
	 * read (too many, pruned by KV's version limit, deleted) or one names the writer. A version botkeeper
	 * did not write (no repository, or not a valid name) names nothing and is left out.
	 */
	public Pending since(long seen, long latest) {
		if (latest <= seen) {
			// Nothing new, or the record was deleted and written anew (its versions restart): lost track.
			return latest == seen ? new Pending(Set.of(), false) : new Pending(Set.of(), true);
		}
		if (latest - seen > MAX_UNREAD) {
			return new Pending(Set.of(), true);
		}
		Set<RepositoryName> repositories = new HashSet<>();
		for (long version = seen + 1; version <= latest; version++) {
			Optional<Map<String, Object>> data = kv.data(VaultLayout.CHANGES, version);
			if (data.isEmpty() || data.get().containsKey(WRITER)) {
				return new Pending(Set.of(), true);
			}
			named(data.get().get(REPOSITORY)).ifPresent(repositories::add);
		}
		return new Pending(Set.copyOf(repositories), false);
	}

	private static Optional<RepositoryName> named(Object value) {
		if (!(value instanceof String text)) {
			return Optional.empty();
		}
		try {
			return Optional.of(RepositoryName.parse(text));
		}
		catch (InvalidNameException ex) {
			return Optional.empty();
		}
	}

	/**
	 * What a run should plan: the named repositories, or every binding when {@code everything} (which
	 * serve leaves to its next full run).
	 *
	 * @param repositories the repositories named by the new versions (empty when {@code everything})
	 */
	public record Pending(Set<RepositoryName> repositories, boolean everything) {

		/** Nothing changed since the version seen. */
		public boolean isEmpty() {
			return repositories.isEmpty() && !everything;
		}

	}

}
