package org.botkeeper.vault;

/**
 * Vault refused the token itself (invalid or expired), not one path: every further call would get the
 * same 403, so a sync run stops at once instead of failing item after item.
 */
public class VaultTokenException extends VaultException {

	public VaultTokenException(String message, Throwable cause) {
		super(message, 403, cause);
	}

}
