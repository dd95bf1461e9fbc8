package org.botkeeper.sync;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What GitHub shows for one organisation secret, as the writer sees it.
 *
 * @param updatedAt the secret's {@code updated_at}; empty when there is no such secret
 * @param selected whether its visibility is {@code selected} (the only one botkeeper writes)
 * @param visibility GitHub's word for it ({@code all}, {@code private}, {@code selected}), for messages
 * @param repositories the repositories it is given to, lower-case names (those of another owner with
 *        their owner), only for {@code selected}
 * @param unknown the desired repositories GitHub does not show the writer (404 or 403): a write would
 *        give the secret to fewer repositories than Vault says, so none is made
 * @param failure why GitHub could not be read for this secret, if it could not
 */
public record OrgObservation(Optional<Instant> updatedAt, boolean selected, String visibility,
		SortedSet<String> repositories, List<String> unknown, Optional<String> failure) {

	public OrgObservation {
		repositories = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(repositories));
		unknown = List.copyOf(unknown);
	}

	public static OrgObservation missing(List<String> unknown) {
		return new OrgObservation(Optional.empty(), false, "", new TreeSet<>(), unknown, Optional.empty());
	}

	public static OrgObservation seen(Instant updatedAt, String visibility, SortedSet<String> repositories,
			List<String> unknown) {
		return new OrgObservation(Optional.of(updatedAt), "selected".equals(visibility), visibility, repositories,
				unknown, Optional.empty());
	}

	public static OrgObservation failed(String message) {
		return new OrgObservation(Optional.empty(), false, "", new TreeSet<>(), List.of(), Optional.of(message));
	}

	public boolean exists() {
		return updatedAt.isPresent();
	}

}
