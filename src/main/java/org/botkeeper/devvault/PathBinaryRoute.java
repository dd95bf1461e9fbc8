package org.botkeeper.devvault;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.botkeeper.devvault.DevVault.Engine;

/** A {@code bao} or {@code vault} binary on PATH, started as a dev server. */
final class PathBinaryRoute implements DevVaultRoute {

	private final String binaryName;

	private final Engine engine;

	PathBinaryRoute(String binaryName, Engine engine) {
		this.binaryName = binaryName;
		this.engine = engine;
	}

	@Override
	public Optional<Engine> engine() {
		return Optional.of(engine);
	}

	@Override
	public String name() {
		return binaryName + " on PATH";
	}

	@Override
	public DevVault start(DevVaultContext context) throws RouteUnavailableException {
		Path binary = onPath(binaryName, context.env().get("PATH"))
			.orElseThrow(() -> new RouteUnavailableException("no '" + binaryName + "' on PATH"));
		return DevServerProcess.start(name(), binary, context);
	}

	static Optional<Path> onPath(String name, String path) {
		if (path == null) {
			return Optional.empty();
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (dir.isEmpty()) {
				continue;
			}
			Path candidate = Path.of(dir, name);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

}
