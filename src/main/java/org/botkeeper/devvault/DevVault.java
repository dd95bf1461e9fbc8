package org.botkeeper.devvault;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A running Vault-API server that the tests or the demo may use as root: where it is, which engine
 * and version it runs, and how to stop it if we started it.
 *
 * <p>{@link #toString()} never shows the root token.
 */
public final class DevVault implements AutoCloseable {

	private final String route;
	private final Engine engine;
	private final String version;
	private final URI address;
	private final String rootToken;
	private final Runnable stop;
	private final Path log;

	private DevVault(String route, String version, URI address, String rootToken, Runnable stop, Path log) {
		this.route = route;
		this.engine = Engine.fromVersion(version);
		this.version = version;
		this.address = address;
		this.rootToken = rootToken;
		this.stop = stop;
		this.log = log;
	}

	/** A server someone else runs: closing it does nothing. */
	public static DevVault external(String route, String version, URI address, String rootToken) {
		return new DevVault(route, version, address, rootToken, () -> {
		}, null);
	}

	/** A server we started: closing it runs {@code stop}. */
	public static DevVault started(String route, String version, URI address, String rootToken, Runnable stop,
			Path log) {
		return new DevVault(route, version, address, rootToken, stop, log);
	}

	/** Which route found or started this server, e.g. "bao on PATH". */
	public String route() {
		return route;
	}

	public Engine engine() {
		return engine;
	}

	public String version() {
		return version;
	}

	public URI address() {
		return address;
	}

	/** The root token of a dev server (or the token given in VAULT_TOKEN). Keep it out of output. */
	public String rootToken() {
		return rootToken;
	}

	/** The server's own log, when we started it. */
	public Optional<Path> log() {
		return Optional.ofNullable(log);
	}

	/** A one-line description for people: engine, version, address, route. */
	public String describe() {
		return engine.displayName() + " " + version + " at " + address + " (" + route + ")";
	}

	@Override
	public void close() {
		stop.run();
	}

	@Override
	public String toString() {
		return "DevVault[" + describe() + ", rootToken=<redacted>]";
	}

	/**
	 * The two engines that speak the Vault API. They differ in a few places (OpenBao dropped the
	 * GitHub auth method, for one); code that cares asks this instead of parsing versions itself.
	 */
	public enum Engine {

		OPENBAO("OpenBao"), VAULT("HashiCorp Vault");

		private final String displayName;

		Engine(String displayName) {
			this.displayName = displayName;
		}

		public String displayName() {
			return displayName;
		}

		/**
		 * Tells the engine from the version that {@code sys/health} reports: OpenBao forked at
		 * Vault 1.14 and numbers its releases from 2.0, HashiCorp Vault is still on 1.x.
		 */
		static Engine fromVersion(String version) {
			return version.startsWith("1.") ? VAULT : OPENBAO;
		}

		/*
		 * Differences between the engines, all here and named. Found so far: the GitHub auth
		 * method. The dev server's root-token variable (BAO_ vs VAULT_DEV_ROOT_TOKEN_ID) is set for
		 * both by DevServerProcess. KV v2 check-and-set, TOTP import and codes, ACL policies and
		 * sys/capabilities-self behave the same (VaultServerIntegrationTests pass on both).
		 */

		/**
		 * HashiCorp Vault has the GitHub auth method built in; OpenBao removed it, so there admins log
		 * in with OIDC or userpass instead.
		 */
		public boolean hasGitHubAuthMethod() {
			return this == VAULT;
		}

		/**
		 * The engine a person asked for by name ({@code openbao} or {@code vault}, as in
		 * {@code -Dbotkeeper.engine=vault}); empty for none (blank or absent).
		 */
		public static Optional<Engine> parse(String name) {
			if (name == null || name.isBlank()) {
				return Optional.empty();
			}
			return switch (name.strip().toLowerCase(Locale.ROOT)) {
				case "openbao", "bao" -> Optional.of(OPENBAO);
				case "vault", "hashicorp" -> Optional.of(VAULT);
				default -> throw new IllegalArgumentException(
						"unknown engine '" + name + "': use 'openbao' or 'vault' (or nothing, for either)");
			};
		}

	}

}
