package org.botkeeper.broker;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.LedgerEntry;
import org.botkeeper.sync.Observation;
import org.botkeeper.sync.PushReceipt;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.sync.SecretDestination;
import org.botkeeper.vault.VaultException;
import org.botkeeper.vault.VaultUnavailableException;

/**
 * Sends each binding to the writer of its repository's owner: the owner's own writer where one is
 * stored ({@code writer set --owner}), else the default. Several organisations in one deployment need
 * this: a GitHub App installation writes in one organisation only.
 *
 * <p>Which owners have their own writer is read once per plan ({@link #expectBindings(int)}), so a
 * writer set since the last run is used by the next. What stops every further call of one owner's
 * writer (a 401, its rate limit spent) fails that owner's bindings alone: the other owners' writers
 * are other credentials with limits of their own.
 */
final class OwnerWriters implements SecretDestination {

	private final SecretDestination fallback;

	private final Supplier<Set<String>> ownersWithWriters;

	private final Function<String, SecretDestination> writerOf;

	private Set<String> owners = Set.of();

	private final Map<String, SecretDestination> opened = new HashMap<>();

	private int expected;

	/**
	 * @param fallback the default writer's destination
	 * @param ownersWithWriters the owners (lower case) that have a writer of their own, read from Vault
	 * @param writerOf opens an owner's own writer (called at most once per owner and plan)
	 */
	OwnerWriters(SecretDestination fallback, Supplier<Set<String>> ownersWithWriters,
			Function<String, SecretDestination> writerOf) {
		this.fallback = fallback;
		this.ownersWithWriters = ownersWithWriters;
		this.writerOf = writerOf;
	}

	@Override
	public synchronized void expectBindings(int count) {
		owners = ownersWithWriters.get();
		opened.clear();
		expected = count;
		fallback.expectBindings(count);
	}

	@Override
	public Observation observe(Binding binding, boolean deep) {
		return contained(binding, destination -> destination.observe(binding, deep));
	}

	@Override
	public Observation observe(Binding binding, boolean deep, Optional<LedgerEntry> recorded) {
		return contained(binding, destination -> destination.observe(binding, deep, recorded));
	}

	@Override
	public Observation.EnvironmentState environment(Binding binding) {
		return contained(binding, destination -> destination.environment(binding));
	}

	@Override
	public void createEnvironment(Binding binding) {
		contained(binding, destination -> {
			destination.createEnvironment(binding);
			return null;
		});
	}

	@Override
	public PushReceipt push(Binding binding, SecretValue value) {
		return contained(binding, destination -> destination.push(binding, value));
	}

	@Override
	public void delete(Binding binding) {
		contained(binding, destination -> {
			destination.delete(binding);
			return null;
		});
	}

	private <T> T contained(Binding binding, Function<SecretDestination, T> call) {
		String owner = binding.repository().owner().toLowerCase(java.util.Locale.ROOT);
		Optional<SecretDestination> own;
		try {
			own = own(owner);
		}
		catch (VaultUnavailableException ex) {
			throw ex;
		}
		catch (VaultException ex) {
			// That owner's record cannot be used (a key that does not parse, say): its bindings alone fail.
			throw new ItemFailedException(ex.getMessage(), ex);
		}
		if (own.isEmpty()) {
			return call.apply(fallback);
		}
		try {
			return call.apply(own.get());
		}
		catch (RunAbortedException ex) {
			throw new ItemFailedException(ex.getMessage(), ex);
		}
	}

	private synchronized Optional<SecretDestination> own(String owner) {
		if (!owners.contains(owner)) {
			return Optional.empty();
		}
		return Optional.of(opened.computeIfAbsent(owner, name -> {
			SecretDestination destination = writerOf.apply(name);
			destination.expectBindings(expected);
			return destination;
		}));
	}

}
