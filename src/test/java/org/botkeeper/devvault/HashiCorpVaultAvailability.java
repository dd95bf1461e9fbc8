package org.botkeeper.devvault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a test that needs HashiCorp Vault itself (OpenBao dropped the GitHub auth method) can get
 * one without a Go build of 10 to 20 minutes: asked for by the run ({@code -Dbotkeeper.engine=vault},
 * as .ci/run's second pass does), a {@code vault} binary on PATH, the Go-built one cached, or
 * {@code BOTKEEPER_GO_BUILD=1}. Otherwise such a test is skipped with this reason, never silently.
 */
public final class HashiCorpVaultAvailability {

	private HashiCorpVaultAvailability() {
	}

	/** Empty when HashiCorp Vault can be had; else why not. */
	public static Optional<String> whyNot() {
		String engine = System.getProperty("botkeeper.engine", System.getenv().getOrDefault("BOTKEEPER_TEST_ENGINE", ""));
		if ("vault".equalsIgnoreCase(engine) || "1".equals(System.getenv("BOTKEEPER_GO_BUILD"))
				|| PathBinaryRoute.onPath("vault", System.getenv("PATH")).isPresent()) {
			return Optional.empty();
		}
		Path project = Path.of(System.getProperty("user.dir"));
		try {
			Path binary = new GoBuiltRoute("vault", DevVault.Engine.VAULT)
				.cachedBinary(DevVaultContext.defaults(project.resolve("target/vault-go"), project));
			return Files.isExecutable(binary) ? Optional.empty()
					: Optional.of("needs HashiCorp Vault: no 'vault' on PATH and no cached " + binary
							+ "; run with -Dbotkeeper.engine=vault or BOTKEEPER_GO_BUILD=1 to build it once (10-20 min)");
		}
		catch (RouteUnavailableException ex) {
			return Optional.of("needs HashiCorp Vault: " + ex.getMessage());
		}
	}

}
