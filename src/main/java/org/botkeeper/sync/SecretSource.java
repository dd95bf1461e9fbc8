package org.botkeeper.sync;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.crypto.SecretValue;

/** Where the tokens live (Vault): the desired state, and the value of one exact version. */
public interface SecretSource {

	/** Every binding (or only those of {@code only}, when not empty) with its latest version. */
	List<DesiredSecret> desired(Set<RepositoryName> only);

	/**
	 * What one repository's record asks for right now (empty when it has none): read again under the
	 * sync lease before each write, so a plan made a moment earlier never pushes a stale version.
	 *
	 * @throws ItemFailedException this record cannot be read
	 * @throws RunAbortedException the source as a whole is unavailable
	 */
	Optional<DesiredSecret> current(RepositoryName repository);

	/**
	 * The token of exactly {@code version}, so that what is pushed is what was planned even when a newer
	 * version arrived in between (the next run pushes that one).
	 *
	 * @throws ItemFailedException this binding's value cannot be read
	 * @throws RunAbortedException the source as a whole is unavailable (sealed, unreachable)
	 */
	SecretValue read(Binding binding, long version);

}
