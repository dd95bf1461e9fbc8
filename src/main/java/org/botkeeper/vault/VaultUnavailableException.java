package org.botkeeper.vault;

/**
 * Vault as a whole cannot serve: unreachable (refused, unknown host, timed out, TLS handshake), sealed,
 * or answering 502/503/504. Every further call would fail the same way, so a sync run stops at once
 * rather than act on partial data.
 */
public class VaultUnavailableException extends VaultException {

	public VaultUnavailableException(String message, int status, Throwable cause) {
		super(message, status, cause);
	}

}
