package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpServer;
import org.botkeeper.crypto.SecretValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.vault.support.VaultResponse;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class PlainGetTests {

	private HttpServer server;

	private final List<String> requests = new ArrayList<>();

	private volatile int status = 200;

	private volatile String body = "{}";

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", exchange -> {
			requests.add(exchange.getRequestURI() + " token=" + exchange.getRequestHeaders().getFirst("X-Vault-Token")
					+ " namespace=" + exchange.getRequestHeaders().getFirst("X-Vault-Namespace"));
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	@Test
	void aRecordShouldBeTypedAsSpringVaultsJacksonTypesIt() {
		body = """
				{"request_id":"r-1","lease_id":"","renewable":false,"lease_duration":0,"warnings":["w"],
				 "data":{"code":"012345","period":30,"big":12345678901,"huge":123456789012345678901234567890,
				 "ratio":1.5,"yes":true,"none":null,"list":[1,"two",{"three":3}],"nested":{"a":{"b":[]}}}}""";
		VaultResponse response = read("botkeeper-totp/code/account").orElseThrow().orElseThrow();
		Map<String, Object> expected = JsonMapper.builder().build().readValue(body, new TypeReference<Map<String, Object>>() {
		});
		assertThat(response.getData()).isEqualTo(expected.get("data"));
		assertThat(response.getData().get("big")).isInstanceOf(Long.class);
		assertThat(response.getData().get("period")).isInstanceOf(Integer.class);
		assertThat(response.getRequestId()).isEqualTo("r-1");
		assertThat(response.getWarnings()).containsExactly("w");
		assertThat(requests).containsExactly("/v1/botkeeper-totp/code/account token=t0ken namespace=team");
	}

	@Test
	void aMissingRecordShouldBeNoRecordButAMissingMountOrNamespaceSpringVaultsToReport() {
		status = 404;
		body = "{\"errors\":[]}";
		assertThat(read("botkeeper/data/account")).contains(Optional.empty());
		body = "{\"errors\":[\"no handler for route \\\"nope/data/account\\\". route entry not found.\"]}";
		assertThat(read("nope/data/account")).isEmpty();
		body = "{\"errors\":[\"namespace not found\"]}";
		assertThat(read("botkeeper/data/account")).isEmpty();
	}

	@Test
	void anyOtherAnswerShouldBeSpringVaultsToReport() {
		for (int answer : new int[] { 204, 307, 400, 403, 500, 503 }) {
			status = answer;
			body = "{\"errors\":[\"Vault is sealed\"]}";
			assertThat(read("botkeeper/data/account")).as("status %d", answer).isEmpty();
		}
		status = 200;
		for (String notOneObject : new String[] { "", "[]", "{\"data\":", "{} {}", "null", "<html>" }) {
			body = notOneObject;
			assertThat(read("botkeeper/data/account")).as(notOneObject).isEmpty();
		}
	}

	@Test
	void anUnreachableServerShouldBeSpringVaultsToReport() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		PlainGet get = PlainGet.forSettings(settings("http://127.0.0.1:" + closed, null), 5000, 5000).orElseThrow();
		assertThat(get.get("sys/seal-status")).isEmpty();
	}

	@Test
	void theDateHeaderShouldComeWithTheAnswer() {
		body = "{\"sealed\":false}";
		PlainGet.Answer answer = plain().get("sys/seal-status").orElseThrow();
		assertThat(answer.status()).isEqualTo(200);
		// The JDK's server sets Date itself, to the second.
		assertThat(answer.date()).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 1_000);
		assertThat(answer.toString()).doesNotContain("sealed");
	}

	@Test
	void aPathSpringVaultWouldEncodeShouldNotBeSentPlainly() {
		for (String path : new String[] { "botkeeper/data/a b", "/sys/health", "botkeeper/data/../x", "a?b=c",
				"botkeeper/data/%2e" }) {
			assertThat(plain().get(path)).as(path).isEmpty();
		}
		assertThat(plain().get("botkeeper/metadata/tokens/?list=true")).isPresent();
		assertThat(requests).containsExactly("/v1/botkeeper/metadata/tokens/?list=true token=t0ken namespace=team");
	}

	@Test
	void tlsFilesOrAPathInTheAddressShouldLeaveReadsToSpringVault() {
		String address = "http://127.0.0.1:" + server.getAddress().getPort();
		Path file = Path.of("pom.xml");
		assertThat(PlainGet.forSettings(settings(address, null), 1, 1)).isPresent();
		assertThat(PlainGet.forSettings(settings(address + "/", null), 1, 1)).isPresent();
		assertThat(PlainGet.forSettings(settings(address + "/vault", null), 1, 1)).isEmpty();
		assertThat(PlainGet.forSettings(new VaultSettings(URI.create(address), SecretValue.of("t"), null, file, null,
				null, null), 1, 1)).isEmpty();
		assertThat(PlainGet.forSettings(new VaultSettings(URI.create(address), SecretValue.of("t"), null, null, file,
				null, null), 1, 1)).isEmpty();
		assertThat(PlainGet.forSettings(new VaultSettings(URI.create(address), SecretValue.of("t"), null, null, null,
				file, file), 1, 1)).isEmpty();
		assertThat(PlainGet.forSettings(new VaultSettings(URI.create(address), null, null, null, null, null, null), 1,
				1)).isEmpty();
	}

	private Optional<Optional<VaultResponse>> read(String apiPath) {
		return plain().get(apiPath).flatMap(PlainGet::read);
	}

	private PlainGet plain() {
		return PlainGet.forSettings(settings("http://127.0.0.1:" + server.getAddress().getPort(), "team"), 5000, 5000)
			.orElseThrow();
	}

	private static VaultSettings settings(String address, String namespace) {
		return new VaultSettings(URI.create(address), SecretValue.of("t0ken"), namespace, null, null, null, null);
	}

}
