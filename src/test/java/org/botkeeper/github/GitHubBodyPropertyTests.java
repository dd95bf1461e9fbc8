package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;

/**
 * Whatever body a server claiming to be GitHub answers with (malformed JSON, fields of the wrong type,
 * missing fields, huge values), every client call either returns or fails with a
 * {@link GitHubException} whose message is short and names what was being done: never another
 * exception, which would stop a whole sync run instead of one item.
 */
class GitHubBodyPropertyTests {

	private static volatile String body = "{}";

	private static volatile int status = 200;

	private static final HttpServer SERVER = start();

	private static final RepositoryName REPOSITORY = RepositoryName.parse("jupyterhub/binderhub");

	private static final Binding BINDING = new Binding(REPOSITORY, new EnvironmentName("jupyterhub-bot"),
			new SecretName("JUPYTERHUB_BOT_PAT"));

	private static HttpServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
			server.createContext("/", exchange -> {
				try (exchange) {
					exchange.getRequestBody().readAllBytes();
					byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
					exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
					exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
					if (bytes.length > 0) {
						try (OutputStream out = exchange.getResponseBody()) {
							out.write(bytes);
						}
					}
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@AfterContainer
	static void stop() {
		SERVER.stop(0);
	}

	private static EnvironmentSecretsClient client() {
		GitHubLimits limits = new GitHubLimits(Duration.ZERO, Duration.ZERO, 0, 0, Duration.ZERO, Duration.ofSeconds(5),
				Duration.ofSeconds(5));
		Sleeper noWait = duration -> {
		};
		return GitHubConnection.open(GitHubApi.of("http://127.0.0.1:" + SERVER.getAddress().getPort()),
				new PersonalAccessToken(SecretValue.of("ghp_" + "x".repeat(36))), limits, java.time.Clock.systemUTC(), noWait)
			.environments();
	}

	private static final List<Consumer<EnvironmentSecretsClient>> CALLS = List.of(
			c -> c.environment(REPOSITORY, BINDING.environment()), c -> c.publicKey(REPOSITORY, BINDING.environment()),
			c -> c.secrets(REPOSITORY, BINDING.environment()), c -> c.secret(BINDING),
			c -> c.createEnvironment(REPOSITORY, BINDING.environment()),
			c -> c.putSecret(BINDING, SecretValue.of("value")));

	@Property(tries = 150)
	void anyAnswerShouldEndInAResultOrAGitHubExceptionWithAShortMessage(@ForAll("bodies") String answer,
			@ForAll("statuses") int code) {
		body = answer;
		status = code;
		EnvironmentSecretsClient client = client();
		for (Consumer<EnvironmentSecretsClient> call : CALLS) {
			try {
				call.accept(client);
			}
			catch (GitHubException ex) {
				assertThat(ex.getMessage()).isNotBlank().hasSizeLessThan(1200);
			}
		}
	}

	@Provide
	Arbitrary<Integer> statuses() {
		return Arbitraries.of(200, 201, 204, 400, 404, 422, 500);
	}

	@Provide
	Arbitrary<String> bodies() {
		Arbitrary<String> scalar = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40).map(GitHubBodyPropertyTests::quote),
				Arbitraries.integers().map(String::valueOf), Arbitraries.of("null", "true", "[]", "{}", "\"\"",
						quote(Instant.now().toString()), quote("x".repeat(200_000)), quote("A".repeat(44)),
						"[" + quote("a") + "]", "1e999", "-0"));
		Arbitrary<String> object = Combinators.combine(scalar, scalar, scalar, scalar, scalar)
			.as((name, updated, policy, keyId, key) -> "{\"name\":" + name + ",\"updated_at\":" + updated
					+ ",\"created_at\":" + updated + ",\"deployment_branch_policy\":" + policy + ",\"key_id\":" + keyId
					+ ",\"key\":" + key + ",\"secrets\":[{\"name\":" + name + ",\"updated_at\":" + updated + "}],"
					+ "\"protection_rules\":" + policy + ",\"message\":" + name + "}");
		Arbitrary<String> broken = object.map(json -> json.substring(0, json.length() / 2));
		return Arbitraries.oneOf(object, broken, Arbitraries.strings().ofMaxLength(200), scalar,
				Arbitraries.just("{\"secrets\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
	}

	private static String quote(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

}
