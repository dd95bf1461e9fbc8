package org.botkeeper.devvault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server binary built from the Go module proxy by one of our small Go modules under
 * {@code tools/} (its {@code main} calls the engine's own command entry point). The build takes
 * minutes, so the binary is cached under the cache directory, keyed by the module's go.sum.
 */
final class GoBuiltRoute implements DevVaultRoute {

	private final String toolName;

	/** @param toolName the folder under tools/, e.g. "openbao" */
	GoBuiltRoute(String toolName) {
		this.toolName = toolName;
	}

	@Override
	public String name() {
		return toolName + " built from the Go module proxy (tools/" + toolName + ")";
	}

	@Override
	public DevVault start(DevVaultContext context) throws RouteUnavailableException {
		return DevServerProcess.start(name(), build(context), context.logDir());
	}

	Path build(DevVaultContext context) throws RouteUnavailableException {
		if (context.projectDir() == null || !Files.isRegularFile(context.projectDir().resolve("tools/" + toolName + "/go.sum"))) {
			throw new RouteUnavailableException("not running from a source checkout with tools/" + toolName);
		}
		Path module = context.projectDir().resolve("tools/" + toolName);
		Path binary;
		try {
			String key = Integer.toHexString(Files.readString(module.resolve("go.sum")).hashCode()
					^ Files.readString(module.resolve("go.mod")).hashCode());
			binary = context.cacheDir().resolve(toolName + "-go-" + key).resolve(toolName);
			if (Files.isExecutable(binary)) {
				return binary;
			}
			Path go = PathBinaryRoute.onPath("go", context.env().get("PATH"))
				.orElseThrow(() -> new RouteUnavailableException("no 'go' on PATH to build tools/" + toolName));
			Files.createDirectories(binary.getParent());
			Path partial = binary.resolveSibling(toolName + ".partial");
			Path log = context.logDir().resolve("go-build-" + toolName + ".log");
			Files.createDirectories(context.logDir());
			Process process = new ProcessBuilder(List.of(go.toString(), "build", "-trimpath", "-o", partial.toString(), "."))
				.directory(module.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!process.waitFor(40, TimeUnit.MINUTES) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new RouteUnavailableException("go build in tools/" + toolName + " failed; see " + log);
			}
			Files.move(partial, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			return binary;
		}
		catch (IOException ex) {
			throw new RouteUnavailableException("cannot build tools/" + toolName + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RouteUnavailableException("interrupted while building tools/" + toolName);
		}
	}

}
