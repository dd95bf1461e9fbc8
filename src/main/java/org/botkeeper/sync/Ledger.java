package org.botkeeper.sync;

import java.util.Map;

/** The broker's own records (Vault {@code sync/OWNER/REPO}), one per repository. */
public interface Ledger {

	Map<RepositoryName, LedgerEntry> entries();

	/** The record of one repository, or empty when there is none. */
	default java.util.Optional<LedgerEntry> entry(RepositoryName repository) {
		return java.util.Optional.ofNullable(entries().get(repository));
	}

	/** Writes the record of {@code entry.binding()}'s repository, replacing the one before. */
	void record(LedgerEntry entry);

	void remove(RepositoryName repository);

}
