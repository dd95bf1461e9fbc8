package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/**
 * What botkeeper sends back to an OpenBao node, against a plain HTTP server that answers like one (an
 * {@code X-Vault-Index} on every answer) and keeps the headers it was sent. The raft cluster test runs it
 * on real standbys; this one pins which index is sent.
 */
class ReadYourWritesTests {

	private HttpServer server;

	private final List<String[]> received = new CopyOnWriteArrayList<>();

	/** The index the next answer carries, as the server's storage would be. */
	private volatile String answerIndex;

	private RestClient client;

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", exchange -> {
			received.add(new String[] { exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst(ReadYourWrites.INDEX),
					exchange.getRequestHeaders().getFirst(ReadYourWrites.INCONSISTENT) });
			if (answerIndex != null) {
				exchange.getResponseHeaders().add(ReadYourWrites.INDEX, answerIndex);
			}
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		server.start();
		client = RestClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
			.requestInterceptor(new ReadYourWrites()).build();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	private static String index(String cluster, long value) {
		return Base64.getEncoder()
			.encodeToString(("{\"cluster\":\"" + cluster + "\",\"value\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8));
	}

	private void get() {
		client.get().uri("/v1/botkeeper/data/sync/o/r").retrieve().toBodilessEntity();
	}

	private void put() {
		client.put().uri("/v1/botkeeper/data/sync/o/r").body("{}").retrieve().toBodilessEntity();
	}

	@Test
	void aReadAfterAWriteShouldCarryTheWritesIndexAndAskForForwarding() {
		answerIndex = index("c1", 40);
		get();
		assertThat(received.getLast()[1]).as("nothing written yet: no index").isNull();

		put();
		answerIndex = index("c1", 35);
		get();

		assertThat(received.getLast()[1]).isEqualTo(index("c1", 40));
		assertThat(received.getLast()[2]).isEqualTo("forward-active-node");
	}

	@Test
	void aLaggingAnswerShouldNotMoveTheIndexBack() {
		answerIndex = index("c1", 40);
		put();
		answerIndex = index("c1", 30);
		put();
		get();

		assertThat(received.getLast()[1]).as("the later of the two writes").isEqualTo(index("c1", 40));
	}

	@Test
	void anIndexOfAnotherShapeOrClusterShouldBeTakenAsItArrives() {
		answerIndex = index("c1", 40);
		put();
		answerIndex = index("c2", 3);
		put();
		get();
		assertThat(received.getLast()[1]).as("a restored or new cluster").isEqualTo(index("c2", 3));

		answerIndex = "opaque";
		put();
		get();
		assertThat(received.getLast()[1]).isEqualTo("opaque");
	}

	@Test
	void aServerThatSendsNoIndexShouldGetNoConsistencyHeaders() {
		answerIndex = null;
		put();
		get();

		assertThat(received).allSatisfy(request -> {
			assertThat(request[1]).isNull();
			assertThat(request[2]).isNull();
		});
	}

}
