package org.botkeeper.sync;

import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What Vault says one organisation secret should hold: the latest version of its record and the
 * repositories it is given to, both read from that version's own data (never from metadata, which
 * others may edit). Never the value.
 *
 * @param repositories the selected repositories' names within the organisation, in lower case
 * @param hasValue false when the latest version has no value (deleted in Vault)
 * @param failure why the record could not be read, if it could not; nothing else here is known then
 */
public record DesiredOrgSecret(OrgSecretTarget target, long version, boolean hasValue,
		SortedSet<String> repositories, Optional<String> failure) {

	public DesiredOrgSecret {
		if (target == null || repositories == null || failure == null) {
			throw new IllegalArgumentException("target, repositories and failure (maybe empty) are required");
		}
		repositories = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(repositories));
	}

	public static DesiredOrgSecret of(OrgSecretTarget target, long version, SortedSet<String> repositories) {
		return new DesiredOrgSecret(target, version, true, repositories, Optional.empty());
	}

	public static DesiredOrgSecret unreadable(OrgSecretTarget target, String message) {
		return new DesiredOrgSecret(target, 0, false, new TreeSet<>(), Optional.of(message));
	}

}
