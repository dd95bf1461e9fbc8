package org.botkeeper.sync;

import java.time.Instant;
import java.util.SortedSet;

import org.botkeeper.crypto.SecretValue;

/**
 * Organisation Actions secrets on GitHub, written as the organisation's writer. Failures of one secret
 * throw {@link ItemFailedException}; those that must stop the run {@link RunAbortedException}.
 */
public interface OrgSecretDestination {

	/**
	 * The secret's state, and which of {@code repositories} (names within the organisation) the writer
	 * cannot see.
	 */
	OrgObservation observe(OrgSecretTarget target, SortedSet<String> repositories);

	/**
	 * Seals {@code value} with the organisation's key and stores it with visibility {@code selected} for
	 * exactly {@code repositories}; returns GitHub's {@code updated_at} after the write.
	 */
	Instant push(OrgSecretTarget target, SecretValue value, SortedSet<String> repositories);

	/** Replaces the secret's selected repositories with exactly {@code repositories}; the value stays. */
	void select(OrgSecretTarget target, SortedSet<String> repositories);

	/** Deletes the secret; one already gone counts as deleted. */
	void delete(OrgSecretTarget target);

}
