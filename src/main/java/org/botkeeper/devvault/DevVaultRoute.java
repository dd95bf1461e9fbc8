package org.botkeeper.devvault;

import java.util.Optional;

import org.botkeeper.devvault.DevVault.Engine;

/**
 * One way of getting a Vault-API server. A route that does not apply on this machine says why by
 * throwing {@link RouteUnavailableException}; the locator then tries the next one.
 */
public interface DevVaultRoute {

	/** A short name for messages, e.g. "bao or vault on PATH". */
	String name();

	DevVault start(DevVaultContext context) throws RouteUnavailableException;

	/** The engine this route always yields, or empty when it can be either (a given address). */
	default Optional<Engine> engine() {
		return Optional.empty();
	}

}
