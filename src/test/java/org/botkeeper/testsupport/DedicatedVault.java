package org.botkeeper.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.botkeeper.devvault.DevVault;
import org.botkeeper.devvault.DevVaultContext;
import org.botkeeper.devvault.DevVaultLocator;

/**
 * A dev server of a test's own, for tests that must seal it (the shared one serves every other test).
 * The dev server prints its unseal key in its log, which is how the test unseals it again.
 */
public final class DedicatedVault implements AutoCloseable {

	private static final Pattern UNSEAL_KEY = Pattern.compile("Unseal Key: (\\S+)");

	private final DevVault server;

	private final HttpClient http = HttpClient.newHttpClient();

	private DedicatedVault(DevVault server) {
		this.server = server;
	}

	/** A server of the engine this run was asked to use ({@code -Dbotkeeper.engine}), else any. */
	public static DedicatedVault start(String name) {
		return start(name, VaultServerExtension.requestedEngine());
	}

	/** A server of {@code engine}'s kind (HashiCorp Vault is built once from tools/vault when no binary is found). */
	public static DedicatedVault start(String name, java.util.Optional<org.botkeeper.devvault.DevVault.Engine> engine) {
		return start(name, engine, List.of());
	}

	/** The same, the dev server started with {@code serverArgs} too (e.g. {@code -config=FILE}). */
	public static DedicatedVault start(String name, java.util.Optional<org.botkeeper.devvault.DevVault.Engine> engine,
			List<String> serverArgs) {
		Path projectDir = Path.of(System.getProperty("user.dir"));
		return new DedicatedVault(DevVaultLocator.startedHere(engine, List.of())
			.locate(DevVaultContext.defaults(projectDir.resolve("target/vault-" + name), projectDir)
				.withServerArgs(serverArgs)));
	}

	public DevVault server() {
		return server;
	}

	/**
	 * This server as tests use the shared one (a {@link SyncWorld} on it, say), for those that need an
	 * auth method every other test would see; closing this server stays the caller's job.
	 */
	public VaultFixture fixture() {
		return new VaultFixture(server, Path.of(System.getProperty("user.dir")));
	}

	/** The environment a CLI run needs to act on this server as root. */
	public Map<String, String> rootEnv() {
		return Map.of("VAULT_ADDR", server.address().toString(), "VAULT_TOKEN", server.rootToken(), "HOME",
				System.getProperty("user.home"));
	}

	public void seal() {
		send("PUT", "sys/seal", "{}", Map.of());
	}

	public void unseal() {
		send("PUT", "sys/unseal", "{\"key\":\"" + unsealKey() + "\"}", Map.of());
	}

	/** A raw call as root; extra headers such as {@code X-Vault-Wrap-TTL}. Returns the body. */
	public String send(String method, String path, String json, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(server.address().resolve(URI.create("/v1/" + path)))
			.timeout(Duration.ofSeconds(10))
			.header("X-Vault-Token", server.rootToken())
			.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		headers.forEach(request::header);
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 300) {
				throw new IllegalStateException(method + " " + path + " answered " + response.statusCode());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String unsealKey() {
		try {
			Matcher matcher = UNSEAL_KEY.matcher(Files.readString(server.log().orElseThrow()));
			if (!matcher.find()) {
				throw new IllegalStateException("the dev server's log shows no unseal key");
			}
			return matcher.group(1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		server.close();
	}

}
