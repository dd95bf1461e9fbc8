package org.botkeeper.devvault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Starts a {@code bao} or {@code vault} binary as an in-memory dev server on a free loopback port
 * and waits until it answers.
 *
 * <p>The root token is passed through the environment ({@code BAO_DEV_ROOT_TOKEN_ID} /
 * {@code VAULT_DEV_ROOT_TOKEN_ID}), not argv, so it does not show in {@code /proc/PID/cmdline};
 * {@code -dev-no-store-token} keeps the server from overwriting the user's {@code ~/.vault-token}.
 */
final class DevServerProcess {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private DevServerProcess() {
	}

	static DevVault start(String route, Path binary, DevVaultContext context) throws RouteUnavailableException {
		Path logDir = context.logDir();
		int port = freeLoopbackPort();
		URI address = URI.create("http://127.0.0.1:" + port);
		String rootToken = "dev-" + HexFormat.of().formatHex(randomBytes(16));
		Path log = logDir.resolve("vault-server-" + port + ".log");
		Process process;
		try {
			Files.createDirectories(logDir);
			List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "server", "-dev",
					"-dev-listen-address=127.0.0.1:" + port, "-dev-no-store-token"));
			command.addAll(context.serverArgs());
			ProcessBuilder builder = new ProcessBuilder(command);
			builder.environment().put("BAO_DEV_ROOT_TOKEN_ID", rootToken);
			builder.environment().put("VAULT_DEV_ROOT_TOKEN_ID", rootToken);
			builder.redirectErrorStream(true).redirectOutput(log.toFile());
			process = builder.start();
		}
		catch (IOException ex) {
			throw new RouteUnavailableException("cannot run " + binary + ": " + ex.getMessage(), ex);
		}
		Optional<String> version = awaitHealthy(process, address);
		if (version.isEmpty()) {
			process.destroyForcibly();
			throw new RouteUnavailableException(binary + " did not come up within " + STARTUP_TIMEOUT.toSeconds()
					+ " s; see " + log);
		}
		DevVault server = DevVault.started(route, version.get(), address, rootToken, () -> stop(process), log);
		Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-dev-vault-" + port));
		return server;
	}

	private static void stop(Process process) {
		if (!process.isAlive()) {
			return;
		}
		process.destroy();
		try {
			if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private static Optional<String> awaitHealthy(Process process, URI address) {
		HealthProbe probe = new HealthProbe();
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		while (Instant.now().isBefore(deadline) && process.isAlive()) {
			Optional<String> version = probe.version(address);
			if (version.isPresent()) {
				return version;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Optional.empty();
			}
		}
		return Optional.empty();
	}

	private static int freeLoopbackPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot find a free loopback port", ex);
		}
	}

	private static byte[] randomBytes(int n) {
		byte[] bytes = new byte[n];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

}
