package org.botkeeper.testsupport;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Vault/OpenBao dev server of a test class's own and a {@link TestOidcIssuer} it can trust, for the
 * GitHub Actions OIDC tests: the JWT mount {@code auth/github-actions/} is one per server and trusts one
 * issuer, so these tests cannot use the server every other test shares. Closing it stops both.
 */
public final class OidcWorld implements AutoCloseable {

	private final DedicatedVault vault;

	private final TestOidcIssuer issuer;

	private OidcWorld(DedicatedVault vault, TestOidcIssuer issuer) {
		this.vault = vault;
		this.issuer = issuer;
	}

	/**
	 * Starts a server named {@code name} (its folder under target/) of the shared server's engine, so a run
	 * asked for OpenBao tests OIDC on OpenBao too, and an issuer on 127.0.0.1.
	 */
	public static OidcWorld start(String name, VaultFixture shared) {
		DedicatedVault vault = DedicatedVault.start(name, Optional.of(shared.server().engine()));
		try {
			return new OidcWorld(vault, TestOidcIssuer.start());
		}
		catch (RuntimeException ex) {
			vault.close();
			throw ex;
		}
	}

	public DedicatedVault vault() {
		return vault;
	}

	public TestOidcIssuer issuer() {
		return issuer;
	}

	/** The server as tests use the shared one (a {@link SyncWorld} on it, say). */
	public VaultFixture fixture() {
		return vault.fixture();
	}

	public URI address() {
		return vault.server().address();
	}

	public String rootToken() {
		return vault.server().rootToken();
	}

	/** The command line acting as root on this server. */
	public VaultCli rootCli() {
		return VaultCli.as(fixture(), rootToken());
	}

	/** {@code vault init --github-oidc} as root, trusting this issuer; {@code more} such as {@code --plan}. */
	public CliRun initAsRoot(String... more) {
		List<String> args = new ArrayList<>(List.of("vault", "init", "--github-oidc", "--oidc-issuer", issuer.url()));
		args.addAll(List.of(more));
		return rootCli().run(args.toArray(String[]::new));
	}

	@Override
	public void close() {
		try {
			issuer.close();
		}
		finally {
			vault.close();
		}
	}

}
