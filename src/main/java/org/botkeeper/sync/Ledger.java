package org.botkeeper.sync;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The broker's own records (Vault {@code sync/owner/repo}), one per repository. Written only with
 * check-and-set: a replica that planned a moment ago re-reads the record under the sync lease and
 * writes against what it read, so it never replaces a record it did not see (and a confirmation
 * never moves the record back to an older version, see {@link Applier}).
 */
public interface Ledger {

	/** Every record, keyed by the repository its Vault path names (never by a name written inside it). */
	Map<RepositoryName, LedgerEntry> entries();

	/**
	 * The records of {@code repositories} only, keyed as {@link #entries()} keys them: what a plan of a few
	 * bindings needs, without reading every record.
	 */
	default Map<RepositoryName, LedgerEntry> entries(Set<RepositoryName> repositories) {
		Map<RepositoryName, LedgerEntry> entries = new HashMap<>(entries());
		entries.keySet().retainAll(repositories);
		return entries;
	}

	/** The record of one repository, or empty when there is none. */
	default Optional<LedgerEntry> entry(RepositoryName repository) {
		return read(repository).flatMap(Versioned::entry);
	}

	/**
	 * The record as it is now, with the version a check-and-set must name; empty when there is no
	 * record at all. A record that is not one of ours has an empty entry and its version.
	 */
	Optional<Versioned> read(RepositoryName repository);

	/**
	 * Writes {@code entry} only if the stored version of its repository's record is still
	 * {@code expectedVersion} (0: no record yet); returns the new version, or empty when someone else
	 * wrote first (nothing was written then).
	 */
	Optional<Long> compareAndSet(long expectedVersion, LedgerEntry entry);

	void remove(RepositoryName repository);

	/**
	 * Whether {@code failure}, thrown by a call of this ledger, may pass if the call is made again in a
	 * moment: the store did not answer, or answered that it cannot serve now (an election, a node
	 * restarting), as opposed to a refusal, or a sealed store that waits for a person.
	 */
	default boolean passing(RuntimeException failure) {
		return false;
	}

	/** A record and the version it was read at. */
	record Versioned(Optional<LedgerEntry> entry, long version) {

	}

}
