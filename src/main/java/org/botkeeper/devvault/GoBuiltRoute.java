package org.botkeeper.devvault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.botkeeper.devvault.DevVault.Engine;

/**
 * A server binary built from the Go module proxy by one of our small Go modules under
 * {@code tools/} (its {@code main} calls the engine's own command entry point). The build takes
 * minutes, so the binary is cached under the cache directory, keyed by the module's go.mod and
 * go.sum: {@code <cache>/<tool>-go-<key>/<tool>}, where key is the first 16 hex digits of the
 * SHA-256 of go.mod followed by go.sum ({@code cat go.mod go.sum | sha256sum | cut -c1-16}), so a
 * person can build the same binary by hand with {@code go build -trimpath -o THAT_PATH .}.
 */
final class GoBuiltRoute implements DevVaultRoute {

	private final String toolName;

	private final Engine engine;

	/**
	 * @param toolName the folder under tools/, e.g. "openbao"
	 * @param engine the engine that module builds
	 */
	GoBuiltRoute(String toolName, Engine engine) {
		this.toolName = toolName;
		this.engine = engine;
	}

	@Override
	public String name() {
		return toolName + " built from the Go module proxy (tools/" + toolName + ")";
	}

	@Override
	public Optional<Engine> engine() {
		return Optional.of(engine);
	}

	@Override
	public DevVault start(DevVaultContext context) throws RouteUnavailableException {
		return DevServerProcess.start(name(), build(context), context);
	}

	/** Where the binary for the module's current go.mod and go.sum is (or would be) cached. */
	Path cachedBinary(DevVaultContext context) throws RouteUnavailableException {
		Path module = module(context);
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(Files.readAllBytes(module.resolve("go.mod")));
			sha256.update(Files.readAllBytes(module.resolve("go.sum")));
			String key = HexFormat.of().formatHex(sha256.digest()).substring(0, 16);
			return context.cacheDir().resolve(toolName + "-go-" + key).resolve(toolName);
		}
		catch (IOException ex) {
			throw new RouteUnavailableException("cannot read tools/" + toolName + ": " + ex.getMessage(), ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	private Path module(DevVaultContext context) throws RouteUnavailableException {
		if (context.projectDir() == null) {
			throw new RouteUnavailableException("not running from a source checkout");
		}
		Path module = context.projectDir().resolve("tools").resolve(toolName);
		if (!Files.isRegularFile(module.resolve("go.mod")) || !Files.isRegularFile(module.resolve("go.sum"))) {
			throw new RouteUnavailableException("this checkout has no Go module tools/" + toolName);
		}
		return module;
	}

	Path build(DevVaultContext context) throws RouteUnavailableException {
		Path module = module(context);
		Path binary = cachedBinary(context);
		if (Files.isExecutable(binary)) {
			return binary;
		}
		try {
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
