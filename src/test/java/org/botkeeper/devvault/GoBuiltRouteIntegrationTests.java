package org.botkeeper.devvault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.botkeeper.devvault.DevVault.Engine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The servers built from the Go module proxy (tools/openbao, tools/vault) start through
 * {@link GoBuiltRoute} and answer as the engine they are. Building one takes 10 to 20 minutes on two
 * cores, so a test runs only when the binary for the module's go.mod and go.sum is already cached, or
 * when {@code BOTKEEPER_GO_BUILD=1} asks for the build; otherwise it says why it did not run.
 */
class GoBuiltRouteIntegrationTests {

	private static final Path PROJECT = Path.of(System.getProperty("user.dir"));

	@Test
	void theGoBuiltHashicorpVaultShouldAnswerHealthAndOfferTheGitHubAuthMethod() throws Exception {
		try (DevVault server = startOrSkip(new GoBuiltRoute("vault", Engine.VAULT))) {
			assertThat(server.engine()).isEqualTo(Engine.VAULT);
			assertThat(server.version()).startsWith("1.");

			assertThat(server.engine().hasGitHubAuthMethod()).isTrue();
			HttpResponse<String> enable = post(server, "sys/auth/github", "{\"type\":\"github\"}");
			assertThat(enable.statusCode()).as(enable.body()).isEqualTo(204);
			assertThat(get(server, "sys/auth").body()).contains("\"github/\"");
		}
	}

	@Test
	void theGoBuiltOpenBaoShouldAnswerHealth() throws Exception {
		try (DevVault server = startOrSkip(new GoBuiltRoute("openbao", Engine.OPENBAO))) {
			assertThat(server.engine()).isEqualTo(Engine.OPENBAO);
			assertThat(server.version()).startsWith("2.");
		}
	}

	private static DevVault startOrSkip(GoBuiltRoute route) throws RouteUnavailableException {
		DevVaultContext context = DevVaultContext.defaults(PROJECT.resolve("target/vault-go"), PROJECT);
		Path binary;
		try {
			binary = route.cachedBinary(context);
		}
		catch (RouteUnavailableException ex) {
			Assumptions.abort(route.name() + ": " + ex.getMessage());
			throw ex;
		}
		boolean buildAllowed = "1".equals(System.getenv("BOTKEEPER_GO_BUILD"));
		Assumptions.assumeTrue(Files.isExecutable(binary) || buildAllowed,
				() -> "no cached " + binary + " and BOTKEEPER_GO_BUILD=1 is not set (the build takes 10-20 min)");
		return route.start(context);
	}

	private static HttpResponse<String> get(DevVault server, String path) throws Exception {
		return send(server, HttpRequest.newBuilder(uri(server, path)).GET());
	}

	private static HttpResponse<String> post(DevVault server, String path, String json) throws Exception {
		return send(server, HttpRequest.newBuilder(uri(server, path)).POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private static URI uri(DevVault server, String path) {
		return server.address().resolve("/v1/" + path);
	}

	private static HttpResponse<String> send(DevVault server, HttpRequest.Builder request) throws Exception {
		return HttpClient.newHttpClient()
			.send(request.header("X-Vault-Token", server.rootToken()).build(), HttpResponse.BodyHandlers.ofString());
	}

}
