package org.botkeeper.vault;

import java.util.List;

import org.botkeeper.failure.UserFacingException;

/**
 * {@code vault init} stopped at a write: the message is why (the failure of that write), then what it
 * had changed before, so an operator knows the state Vault is in. Running init again continues, because
 * every step compares before it writes.
 */
public final class InitIncompleteException extends VaultException {

	private final transient List<InitStep> done;

	InitIncompleteException(InitStep failed, List<InitStep> before, RuntimeException cause) {
		super(message(failed, before, cause), cause instanceof VaultException vault ? vault.status() : 0, cause);
		this.done = before.stream().filter(InitStep::changes).toList();
	}

	/** The steps that changed something before the failure, in order. */
	public List<InitStep> done() {
		return done;
	}

	private static String message(InitStep failed, List<InitStep> before, RuntimeException cause) {
		String why = cause instanceof VaultException || cause instanceof UserFacingException ? cause.getMessage()
				: "vault init failed at " + failed.target() + " (" + cause.getClass().getSimpleName() + ")";
		List<String> changed = before.stream()
			.filter(InitStep::changes)
			.map(step -> step.target() + " (" + step.action().label() + "d)")
			.toList();
		String state = changed.isEmpty() ? "vault init stopped at " + failed.target() + " before changing anything."
				: "vault init stopped at " + failed.target() + " after changing " + String.join(", ", changed)
						+ ". Run it again once this is fixed: it continues from there.";
		return why + "\n  " + state;
	}

}
