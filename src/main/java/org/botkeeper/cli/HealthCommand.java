package org.botkeeper.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code botkeeper health}: asks a running {@code serve} for its overall status (Spring Boot's
 * {@code /actuator/health}) and exits 0 only when it is UP. For container health checks: botkeeper's
 * image has no curl, and its shell (dash) no {@code /dev/tcp}.
 */
@Command(name = "health", sortOptions = false,
		description = { "Asks a running 'botkeeper serve' for its overall health; exit 0 only when it is UP.",
				"Prints the status (UP, DOWN, OUT_OF_SERVICE, ...) from /actuator/health. Made for container health",
				"checks (docker-compose.yml): the image has neither curl nor a shell with /dev/tcp.", "",
				"Examples:", "  botkeeper health", "  botkeeper health --url http://127.0.0.1:9090/actuator/health" })
final class HealthCommand implements Callable<Integer> {

	/**
	 * Built on first use, not when picocli instantiates the command: every start-up of the CLI creates a
	 * HealthCommand, and building a mapper costs a start-up of its own (hundreds of ms on a cold JVM).
	 */
	private static final class Json {

		static final JsonMapper MAPPER = JsonMapper.builder().build();

	}

	@Mixin
	private CommandContext context;

	@Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080/actuator/health",
			description = "The health endpoint of serve (default: ${DEFAULT-VALUE}).")
	private String url;

	@Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
			description = "How long to wait for an answer (default: ${DEFAULT-VALUE}).")
	private String timeout;

	@Override
	public Integer call() {
		URI endpoint = endpoint();
		Duration wait = wait(timeout);
		HttpResponse<String> response;
		try {
			HttpClient client = HttpClient.newBuilder().connectTimeout(wait).build();
			response = client.send(HttpRequest.newBuilder(endpoint).timeout(wait).header("Accept", "application/json").GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException("No answer from " + endpoint + " ("
					+ ex.getClass().getSimpleName() + "): is botkeeper serve running there?", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new java.util.concurrent.CancellationException("Interrupted while asking " + endpoint + ".");
		}
		String status = status(response.body());
		if (status == null) {
			throw new java.io.UncheckedIOException(endpoint + " answered " + response.statusCode()
					+ " without a health status: is it botkeeper serve's /actuator/health?", new IOException("no status"));
		}
		context.out().println(status);
		context.out().flush();
		return "UP".equals(status) ? ExitCodes.OK : ExitCodes.REMOTE_FAILURE;
	}

	/** The overall {@code status} of an actuator health document; null when the body is not one. */
	private static String status(String body) {
		try {
			JsonNode status = Json.MAPPER.readTree(body).get("status");
			return status == null || !status.isString() ? null : status.asString();
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private URI endpoint() {
		try {
			URI uri = new URI(url.strip());
			if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
				throw new URISyntaxException(url, "not an http(s) URL with a host");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw UserFacingException.badInput("Invalid --url: use e.g. http://127.0.0.1:8080/actuator/health.");
		}
	}

	private static Duration wait(String text) {
		try {
			return org.botkeeper.config.Durations.parse(text.strip());
		}
		catch (IllegalArgumentException ex) {
			throw UserFacingException.badInput("Invalid --timeout: use e.g. 5s or 500ms.");
		}
	}

}
