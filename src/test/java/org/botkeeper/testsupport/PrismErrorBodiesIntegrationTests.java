package org.botkeeper.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Prism as the suite runs it ({@link PrismProxy}) holds error answers against GitHub's error schemas
 * too, also for statuses the operation itself does not list (the secret endpoints list 200/201/204
 * only): a body of the wrong shape is a violation, a well-formed one passes unchanged. In front of an
 * upstream of this test's own that answers what each case says, since the simulator only ever sends
 * well-formed errors.
 */
class PrismErrorBodiesIntegrationTests {

	private static final String GITHUB_ERROR = "{\"message\":\"Not Found\",\"documentation_url\":"
			+ "\"https://docs.github.com/rest\",\"status\":\"404\"}";

	/** What the upstream answers for a case, found by the repository name in the path. */
	private record Answer(int status, String contentType, String body) {
	}

	private static final Map<String, Answer> ANSWERS = new ConcurrentHashMap<>();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static HttpServer upstream;

	private static PrismProxy prism;

	@BeforeAll
	static void start() throws IOException {
		upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		upstream.createContext("/", exchange -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				Answer answer = ANSWERS.get(exchange.getRequestURI().getPath().split("/")[3]);
				if (answer.body() == null) {
					exchange.sendResponseHeaders(answer.status(), -1);
					return;
				}
				byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", answer.contentType());
				exchange.sendResponseHeaders(answer.status(), bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		});
		upstream.start();
		Path project = Path.of(System.getProperty("user.dir"));
		prism = PrismProxy.start(project, "http://127.0.0.1:" + upstream.getAddress().getPort(),
				project.resolve("target/prism"));
	}

	@AfterAll
	static void stop() {
		if (prism != null) {
			prism.close();
		}
		if (upstream != null) {
			upstream.stop(0);
		}
	}

	private static final String JSON = "application/json; charset=utf-8";

	static Stream<Arguments> brokenErrors() {
		return Stream.of(Arguments.of("a 404 whose message is a number", "GET", new Answer(404, JSON, "{\"message\":404}")),
				Arguments.of("a 404 as an HTML page", "GET", new Answer(404, "text/html", "<html>Not Found</html>")),
				Arguments.of("a 404 as an array", "GET", new Answer(404, JSON, "[]")),
				Arguments.of("a 401 whose message is a number", "GET", new Answer(401, JSON, "{\"message\":1}")),
				Arguments.of("a 403 whose status is a number", "GET",
						new Answer(403, JSON, "{\"message\":\"Forbidden\",\"status\":403}")),
				Arguments.of("a 429 whose message is a boolean", "GET", new Answer(429, JSON, "{\"message\":false}")),
				Arguments.of("a 500 as plain text", "GET", new Answer(500, "text/plain", "oops")),
				Arguments.of("a 503 whose message is a number", "GET", new Answer(503, JSON, "{\"message\":7}")),
				Arguments.of("a 422 without documentation_url", "PUT", new Answer(422, JSON, "{\"message\":\"Bad\"}")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("brokenErrors")
	void anErrorBodyThatBreaksGitHubsErrorSchemaShouldBeAViolation(String what, String method, Answer answer) {
		int mark = prism.mark();

		HttpResponse<String> response = send(what, method, answer);

		assertThat(response.statusCode()).as("Prism's own answer to a violation").isEqualTo(500);
		assertThat(response.body()).contains("https://stoplight.io/prism/errors#VIOLATIONS");
		assertThat(prism.violationsSince(mark, List.of())).as(what).isNotEmpty();
	}

	static Stream<Arguments> wellFormedErrors() {
		return Stream.of(Arguments.of("a 404 as GitHub sends it", "GET", new Answer(404, JSON, GITHUB_ERROR)),
				Arguments.of("a 401", "GET", new Answer(401, JSON, GITHUB_ERROR.replace("Not Found", "Bad credentials"))),
				Arguments.of("a 403", "GET", new Answer(403, JSON, GITHUB_ERROR.replace("Not Found", "Forbidden"))),
				Arguments.of("a 429", "GET", new Answer(429, JSON, "{\"message\":\"API rate limit exceeded\"}")),
				Arguments.of("a 503", "GET", new Answer(503, JSON, "{\"message\":\"Service Unavailable\"}")),
				Arguments.of("a 304 without a body", "GET", new Answer(304, JSON, null)),
				Arguments.of("a 422 with its errors", "PUT", new Answer(422, JSON, "{\"message\":\"Validation Failed\","
						+ "\"documentation_url\":\"https://docs.github.com/rest\",\"errors\":[{\"code\":\"invalid\"}]}")),
				// Not checked, because GitHub documents no body for it (see GitHubErrorResponses).
				Arguments.of("a 502 as an HTML page", "GET", new Answer(502, "text/html", "<html>unicorn</html>")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("wellFormedErrors")
	void aWellFormedErrorAnswerShouldPassUnchanged(String what, String method, Answer answer) {
		int mark = prism.mark();

		HttpResponse<String> response = send(what, method, answer);

		assertThat(response.statusCode()).isEqualTo(answer.status());
		assertThat(response.body()).isEqualTo(answer.body() == null ? "" : answer.body());
		assertThat(prism.violationsSince(mark, List.of())).as(what).isEmpty();
	}

	/** A request the description accepts, to an environment secret, answered by the upstream with {@code answer}. */
	private static HttpResponse<String> send(String what, String method, Answer answer) {
		String name = "case" + Math.abs(what.hashCode());
		ANSWERS.put(name, answer);
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(prism.url() + "/repos/botkeeper/" + name + "/environments/bot/secrets/BOT_PAT"))
			.header("Accept", "application/vnd.github+json")
			.header("Authorization", "Bearer " + LeakCanaries.classicPat());
		if (method.equals("PUT")) {
			request.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"encrypted_value\":\"c2VhbGVk\",\"key_id\":\"1\"}"));
		}
		else if (answer.status() == 304) {
			request.header("If-None-Match", "W/\"etag\"").GET();
		}
		else {
			request.GET();
		}
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
