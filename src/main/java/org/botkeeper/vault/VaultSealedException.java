package org.botkeeper.vault;

/** Vault answered 503 because it is sealed: an operator must unseal it ({@code vault operator unseal}). */
public class VaultSealedException extends VaultUnavailableException {

	public VaultSealedException(String message, Throwable cause) {
		super(message, 503, cause);
	}

}
