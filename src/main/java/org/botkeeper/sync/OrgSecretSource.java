package org.botkeeper.sync;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.crypto.SecretValue;

/** The organisation secret records in Vault, as the broker reads them. */
public interface OrgSecretSource {

	/**
	 * Every record of {@code organisations} (lower case; all when empty); one that cannot be read is
	 * {@link DesiredOrgSecret#unreadable}, the others go on.
	 */
	List<DesiredOrgSecret> desired(Set<String> organisations);

	/** The record as it is now, right before a write; empty when it is gone. */
	Optional<DesiredOrgSecret> current(OrgSecretTarget target);

	/** The value of exactly {@code version}. */
	SecretValue read(OrgSecretTarget target, long version);

}
