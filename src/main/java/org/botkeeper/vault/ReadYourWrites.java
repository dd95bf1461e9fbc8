package org.botkeeper.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Read-your-writes on an OpenBao cluster whose standbys answer reads from their own copy (OpenBao 2.7's
 * default, {@code disable_standby_reads = false}): such a standby can answer a read with what it held
 * before this connection's own write reached it, and botkeeper's check-and-set on the ledger then fails
 * its own run. OpenBao answers every request with {@code X-Vault-Index}, its storage index; sent back
 * with {@code X-Vault-Inconsistent: forward-active-node}, a node that has not reached that index passes
 * the request to the active node instead of answering stale
 * (<a href="https://openbao.org/community/rfcs/index-headers/">OpenBao's index headers</a>).
 *
 * <p>Only a write's index is kept, and only when it is not behind the one held: a read from a lagging
 * standby must not move the connection back. A server that sends no index (HashiCorp Vault's community
 * edition, a dev server without raft) gets neither header.
 */
final class ReadYourWrites implements ClientHttpRequestInterceptor {

	static final String INDEX = "X-Vault-Index";

	static final String INCONSISTENT = "X-Vault-Inconsistent";

	static final String FORWARD = "forward-active-node";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final AtomicReference<String> latest = new AtomicReference<>();

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String index = latest.get();
		if (index != null) {
			request.getHeaders().set(INDEX, index);
			request.getHeaders().set(INCONSISTENT, FORWARD);
		}
		ClientHttpResponse response = execution.execute(request, body);
		String answered = response.getHeaders().getFirst(INDEX);
		if (answered != null && !answered.isBlank() && writes(request.getMethod())) {
			latest.accumulateAndGet(answered.strip(), ReadYourWrites::newer);
		}
		return response;
	}

	private static boolean writes(HttpMethod method) {
		return !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method) && !HttpMethod.OPTIONS.equals(method);
	}

	/**
	 * The later of two indexes. OpenBao calls the header opaque; it is base64 of
	 * {@code {"cluster":..., "value":"35"}} today, so two of one cluster are compared by value, and anything
	 * else (another shape, another cluster after a restore) is taken as the newer one, as it arrived last.
	 */
	static String newer(String held, String arrived) {
		if (held == null) {
			return arrived;
		}
		Optional<Index> before = Index.parse(held);
		Optional<Index> after = Index.parse(arrived);
		if (before.isPresent() && after.isPresent() && before.get().cluster().equals(after.get().cluster())
				&& before.get().value() > after.get().value()) {
			return held;
		}
		return arrived;
	}

	private record Index(String cluster, long value) {

		static Optional<Index> parse(String header) {
			try {
				JsonNode node = JSON.readTree(new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8));
				return Optional.of(new Index(node.path("cluster").asString(""), Long.parseLong(node.path("value").asString())));
			}
			catch (RuntimeException ex) {
				return Optional.empty();
			}
		}

	}

}
