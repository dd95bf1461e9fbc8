package org.botkeeper.sync;

import java.time.Instant;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The broker's record of one organisation secret, written only after GitHub accepted a write.
 *
 * @param owned botkeeper created the secret, or took it over with {@code --adopt}
 * @param pushedVersion the record version GitHub last confirmed (0: none yet)
 * @param githubUpdatedAt GitHub's {@code updated_at} right after that write: a newer one means someone
 *        else wrote the value
 * @param repositories the selected repositories botkeeper last set, lower-case names
 * @param lastError the last run's failure or block, if it had one
 */
public record OrgLedgerEntry(OrgSecretTarget target, boolean owned, long pushedVersion,
		Optional<Instant> githubUpdatedAt, SortedSet<String> repositories, Optional<String> lastError,
		Instant recordedAt) {

	public OrgLedgerEntry {
		repositories = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(repositories));
	}

	/** A confirmed write of {@code version}, given to {@code repositories}. */
	public static OrgLedgerEntry confirmed(OrgSecretTarget target, long version, Instant updatedAt,
			SortedSet<String> repositories, Instant now) {
		return new OrgLedgerEntry(target, true, version, Optional.of(updatedAt), repositories, Optional.empty(), now);
	}

	/**
	 * Written before botkeeper creates (or adopts) a secret: it owns what it is about to write, so that a
	 * run that dies after GitHub took the write finds its own secret, not someone else's (BLOCKED), and
	 * writes it once more. It confirms nothing: no version pushed, no GitHub time.
	 */
	public static OrgLedgerEntry intent(OrgSecretTarget target, SortedSet<String> repositories, Instant now) {
		return new OrgLedgerEntry(target, true, 0, Optional.empty(), repositories, Optional.empty(), now);
	}

	/** An {@link #intent} that no confirmation followed. */
	public boolean unconfirmed() {
		return owned && pushedVersion == 0 && githubUpdatedAt.isEmpty();
	}

	/** The same record, with why the last run could not write it (ownership and what was pushed stay). */
	public OrgLedgerEntry failedWith(String message, Instant now) {
		return new OrgLedgerEntry(target, owned, pushedVersion, githubUpdatedAt, repositories, Optional.of(message), now);
	}

}
