package org.botkeeper.vault;

/**
 * A Vault call that did not succeed, with a message a person can act on: what failed (verb, path,
 * mount), what Vault answered, and what to check. Messages never carry a token, a secret value, or
 * what Vault said about a secret endpoint. Subclasses name the cases a caller treats differently; the
 * command line's error reporter turns every one into one line on stderr and exit code 1.
 *
 * @see <a href="https://openbao.org/api-docs/#http-status-codes">Vault's HTTP status codes</a>
 */
public class VaultException extends RuntimeException {

	private final int status;

	public VaultException(String message, int status, Throwable cause) {
		super(message, cause);
		this.status = status;
	}

	public VaultException(String message) {
		this(message, 0, null);
	}

	/** The HTTP status Vault answered, or 0 when there was no answer or no request (a state botkeeper refuses). */
	public int status() {
		return status;
	}

}
