package org.botkeeper.sync;

import java.util.Optional;

import org.botkeeper.crypto.SecretValue;

/**
 * Where the tokens go (GitHub Actions environment secrets), written as the writer credential.
 * Failures of one binding throw {@link ItemFailedException}; failures that must stop every further
 * call (a 401, for one) throw {@link RunAbortedException}.
 */
public interface SecretDestination {

	/**
	 * Told before a plan observes {@code count} bindings: a destination that keeps something per binding
	 * (GitHub's ETags) makes room for them all.
	 */
	default void expectBindings(int count) {
	}

	/**
	 * What GitHub shows for this binding. The cheap form ({@code deep == false}) may look at the secret
	 * and, when it exists, the id of the environment's public key (conditional requests) and report the
	 * environment as NOT_CHECKED; the deep form also reports the environment's state, which is checked
	 * before every write.
	 */
	Observation observe(Binding binding, boolean deep);

	/**
	 * {@link #observe(Binding, boolean)} for a binding the ledger already has a record of: its
	 * {@link LedgerEntry#validators()} let a destination with nothing cached ask "unchanged?" and, when
	 * the answer is yes, report the recorded values.
	 */
	default Observation observe(Binding binding, boolean deep, Optional<LedgerEntry> recorded) {
		return observe(binding, deep);
	}

	/**
	 * The environment's state alone, as checked right before a write. A destination that can look at the
	 * environment without the secret should: the write that follows makes the secret's state moot.
	 */
	default Observation.EnvironmentState environment(Binding binding) {
		return observe(binding, true).environment();
	}

	/** Creates the environment, limited to protected branches. */
	void createEnvironment(Binding binding);

	/** Seals {@code value} with the environment's public key and stores it; returns GitHub's confirmation. */
	PushReceipt push(Binding binding, SecretValue value);

	/** Deletes the secret; a secret already gone counts as deleted. */
	void delete(Binding binding);

}
