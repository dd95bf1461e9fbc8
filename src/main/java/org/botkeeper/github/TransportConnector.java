package org.botkeeper.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Lets {@code org.kohsuke:github-api} send through our {@link GitHubTransport}, so one layer owns
 * auth, limits, retries and the 401 latch; github-api's own handlers are set to FAIL and so never
 * wait. Our failures surface to github-api callers as the {@link GitHubException} tree.
 */
final class TransportConnector implements GitHubConnector {

	private final GitHubTransport transport;

	TransportConnector(GitHubTransport transport) {
		this.transport = transport;
	}

	@Override
	public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
		URI uri = URI.create(request.url().toString());
		if (!transport.api().isSameOrigin(uri)) {
			throw new IOException("github-api asked for another origin (" + uri.getHost() + "); refused");
		}
		String path = uri.getRawPath().substring(transport.api().base().getRawPath().length())
				+ (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
		String body = null;
		if (request.hasBody()) {
			try (InputStream in = request.body()) {
				body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		// github-api sends "{}" for bodiless calls such as accepting an invitation; GitHub ignores it, but
		// GitHub's description says those operations take no body, so it is left out.
		if (body != null && body.strip().equals("{}")) {
			body = null;
		}
		GitHubResponse response = transport
			.send(GitHubRequest.of(request.method(), path, body, request.method() + " " + uri.getRawPath()));
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.putAll(response.headers().map());
		byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
		return new GitHubConnectorResponse.ByteArrayResponse(request, response.status(), headers) {
			@Override
			protected InputStream rawBodyStream() {
				return new ByteArrayInputStream(bytes);
			}
		};
	}

}
