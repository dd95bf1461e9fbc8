package org.botkeeper.devvault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a server's unauthenticated {@code sys/health} endpoint whether it is up and which version
 * it runs. Kept free of JSON libraries: the demo and the test bootstrap both use it before anything
 * else is wired.
 */
final class HealthProbe {

	private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** The version when the server answers as initialised and unsealed, else empty. */
	Optional<String> version(URI address) {
		HttpRequest request = HttpRequest.newBuilder(address.resolve("/v1/sys/health"))
			.timeout(Duration.ofSeconds(3))
			.GET()
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return Optional.empty();
			}
			Matcher matcher = VERSION.matcher(response.body());
			return Optional.of(matcher.find() ? matcher.group(1) : "unknown");
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

}
