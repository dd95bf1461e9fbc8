package org.botkeeper.broker;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.Function;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.OrgObservation;
import org.botkeeper.sync.OrgSecretDestination;
import org.botkeeper.sync.OrgSecretTarget;

/**
 * Sends each organisation secret to its organisation's writer, as {@link OwnerWriters} does for
 * repository bindings: the organisation's own writer where one is stored, else the default.
 */
final class OrgWriters implements OrgSecretDestination {

	private final Function<String, OrgSecretDestination> writerOf;

	private final Map<String, OrgSecretDestination> opened = new HashMap<>();

	/** @param writerOf opens an organisation's writer (called at most once per organisation) */
	OrgWriters(Function<String, OrgSecretDestination> writerOf) {
		this.writerOf = writerOf;
	}

	private synchronized OrgSecretDestination of(OrgSecretTarget target) {
		return opened.computeIfAbsent(target.organisation(), writerOf);
	}

	@Override
	public OrgObservation observe(OrgSecretTarget target, SortedSet<String> repositories) {
		return of(target).observe(target, repositories);
	}

	@Override
	public Instant push(OrgSecretTarget target, SecretValue value, SortedSet<String> repositories) {
		return of(target).push(target, value, repositories);
	}

	@Override
	public void select(OrgSecretTarget target, SortedSet<String> repositories) {
		of(target).select(target, repositories);
	}

	@Override
	public void delete(OrgSecretTarget target) {
		of(target).delete(target);
	}

}
