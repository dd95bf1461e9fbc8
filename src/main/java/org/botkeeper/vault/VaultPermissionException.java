package org.botkeeper.vault;

/**
 * Vault answered 403 to a token that otherwise works: a policy does not grant this one path. A caller
 * may show "not visible to this token", or fail only the item that needed the path.
 */
public class VaultPermissionException extends VaultException {

	public VaultPermissionException(String message, Throwable cause) {
		super(message, 403, cause);
	}

}
