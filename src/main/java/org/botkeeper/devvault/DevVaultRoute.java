package org.botkeeper.devvault;

/**
 * One way of getting a Vault-API server. A route that does not apply on this machine says why by
 * throwing {@link RouteUnavailableException}; the locator then tries the next one.
 */
public interface DevVaultRoute {

	/** A short name for messages, e.g. "bao or vault on PATH". */
	String name();

	DevVault start(DevVaultContext context) throws RouteUnavailableException;

}
