package org.botkeeper.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shopify's toxiproxy, a real TCP proxy that injects network faults (latency, cut connections,
 * resets), for the faults between botkeeper and its servers. The server binary is built once with
 * {@code go install github.com/Shopify/toxiproxy/v2/cmd/server@VERSION} from the Go module proxy into
 * {@code ~/.cache/botkeeper/toxiproxy/} and driven over its HTTP API (the Java client
 * {@code eu.rekawek.toxiproxy:toxiproxy-java} is not served by this project's package mirror).
 */
public final class Toxiproxy implements AutoCloseable {

	static final String VERSION = "v2.12.0";

	private static final Pattern LISTEN = Pattern.compile("\"listen\"\\s*:\\s*\"[^\"]*:(\\d+)\"");

	private final Process process;

	private final URI api;

	private final HttpClient http = HttpClient.newHttpClient();

	private Toxiproxy(Process process, URI api) {
		this.process = process;
		this.api = api;
	}

	public static Toxiproxy start() {
		Path binary = binary();
		try {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Path log = Path.of(System.getProperty("user.dir"), "target", "toxiproxy.log");
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(binary.toString(), "-host", "127.0.0.1", "-port", Integer.toString(port))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			Toxiproxy proxy = new Toxiproxy(process, URI.create("http://127.0.0.1:" + port));
			for (int i = 0; i < 100; i++) {
				try {
					proxy.call("GET", "/version", null);
					return proxy;
				}
				catch (UncheckedIOException ex) {
					Thread.sleep(100);
				}
			}
			proxy.close();
			throw new IllegalStateException("toxiproxy did not start; see " + log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Path binary() {
		Path dir = Path.of(System.getProperty("user.home"), ".cache", "botkeeper", "toxiproxy", VERSION);
		Path binary = dir.resolve("toxiproxy-server");
		if (Files.isExecutable(binary)) {
			return binary;
		}
		try {
			Files.createDirectories(dir);
			ProcessBuilder install = new ProcessBuilder("go", "install", "github.com/Shopify/toxiproxy/v2/cmd/server@" + VERSION);
			install.environment().put("GOBIN", dir.toString());
			Process build = install.redirectErrorStream(true)
				.redirectOutput(dir.resolve("build.log").toFile())
				.directory(dir.toFile())
				.start();
			if (!build.waitFor(15, TimeUnit.MINUTES) || build.exitValue() != 0) {
				throw new IllegalStateException("go install of toxiproxy failed; see " + dir.resolve("build.log"));
			}
			Files.move(dir.resolve("server"), binary, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			return binary;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A proxy listening on a free loopback port in front of {@code upstream} (host:port); returns the port. */
	public int proxy(String name, String upstream) {
		String answer = call("POST", "/proxies",
				"{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + upstream + "\",\"enabled\":true}");
		Matcher matcher = LISTEN.matcher(answer);
		if (!matcher.find()) {
			throw new IllegalStateException("toxiproxy answered without a listen port: " + answer);
		}
		return Integer.parseInt(matcher.group(1));
	}

	/** Adds a toxic, e.g. {@code toxic("github", "cut", "limit_data", "downstream", "\"bytes\":120")}. */
	public void toxic(String proxy, String name, String type, String stream, String attributes) {
		call("POST", "/proxies/" + proxy + "/toxics", "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"stream\":\""
				+ stream + "\",\"toxicity\":1.0,\"attributes\":{" + attributes + "}}");
	}

	public void removeToxic(String proxy, String name) {
		call("DELETE", "/proxies/" + proxy + "/toxics/" + name, null);
	}

	private String call(String method, String path, String json) {
		HttpRequest request = HttpRequest.newBuilder(api.resolve(path))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 300) {
				throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
						+ response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		process.destroy();
		try {
			process.waitFor(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		http.close();
	}

}
