package org.botkeeper.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP calls to the Vault API with one token, returning status and body untouched, so tests
 * can assert on a real 403 rather than on how a client library wraps it.
 */
public final class VaultHttp {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI address;
	private final String token;

	public VaultHttp(URI address, String token) {
		this.address = address;
		this.token = token;
	}

	public Response get(String path) {
		return send("GET", path, null);
	}

	public Response list(String path) {
		return send("LIST", path, null);
	}

	public Response post(String path, String json) {
		return send("POST", path, json);
	}

	public Response delete(String path) {
		return send("DELETE", path, null);
	}

	public Response send(String method, String path, String json) {
		return send(method, path, json, java.util.Map.of());
	}

	/** {@link #send(String, String, String)} with extra request headers, e.g. {@code X-Vault-Wrap-TTL}. */
	public Response send(String method, String path, String json, java.util.Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(address.resolve("/v1/" + path))
			.timeout(Duration.ofSeconds(10))
			.header("X-Vault-Token", token)
			.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		headers.forEach(request::header);
		try {
			HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Status and body; the body may hold secret values, so toString() shows the status only. */
	public record Response(int status, String body) {

		@Override
		public String toString() {
			return "Response[status=" + status + "]";
		}

	}

}
