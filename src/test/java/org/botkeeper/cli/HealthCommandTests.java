package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.junit.jupiter.api.Test;

/**
 * {@code botkeeper health}, the container health check: exit 0 only for an overall UP, whatever the
 * HTTP status; anything else, no answer or no health document is exit 1.
 */
class HealthCommandTests {

	@Test
	void onlyAnOverallUpShouldBeHealthy() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		respond(server, "/up", 200, "{\"status\":\"UP\",\"components\":{\"vault\":{\"status\":\"UP\"}}}");
		respond(server, "/down", 503, "{\"status\":\"DOWN\",\"components\":{\"vault\":{\"status\":\"DOWN\"}}}");
		// The parts may be UP and the whole not, or the reverse: only the overall status counts.
		respond(server, "/degraded", 200, "{\"status\":\"DEGRADED\",\"components\":{\"x\":{\"status\":\"UP\"}}}");
		respond(server, "/html", 200, "<html>status UP</html>");
		server.start();
		try {
			String base = "http://127.0.0.1:" + server.getAddress().getPort();
			CliRun up = CliRun.run("health", "--url", base + "/up");
			CliRun down = CliRun.run("health", "--url", base + "/down");
			CliRun degraded = CliRun.run("health", "--url", base + "/degraded");
			CliRun html = CliRun.run("health", "--url", base + "/html");

			assertThat(up.exitCode()).as(up.describe()).isZero();
			assertThat(up.out().strip()).isEqualTo("UP");
			assertThat(down.exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(down.out().strip()).isEqualTo("DOWN");
			assertThat(degraded.exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(html.exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(html.err()).contains("without a health status");
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void noAnswerShouldBeUnhealthyAndABadUrlBadInput() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		CliRun none = CliRun.run("health", "--url", "http://127.0.0.1:" + closed + "/actuator/health", "--timeout", "2s");
		CliRun bad = CliRun.run("health", "--url", "file:///etc/passwd");

		assertThat(none.exitCode()).as(none.describe()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(none.err()).contains("No answer from http://127.0.0.1:" + closed).contains("serve running");
		assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
	}

	private static void respond(HttpServer server, String path, int status, String body) {
		server.createContext(path, exchange -> {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
	}

}
