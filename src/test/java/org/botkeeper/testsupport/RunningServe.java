package org.botkeeper.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.botkeeper.serve.ServeApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real {@code serve} running in this JVM for a serve integration test: started with a HOME of its own
 * (deleted when it stops), reached on its port on 127.0.0.1 with GETs whose answers are checked for
 * leaked canaries, and waited on within 30 s.
 */
public final class RunningServe implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final ConfigurableApplicationContext context;

	private final Path home;

	private RunningServe(ConfigurableApplicationContext context, Path home) {
		this.context = context;
		this.home = home;
	}

	/**
	 * serve with {@code variables} and a fresh HOME as its whole environment ({@link ServeWithEnvironment}),
	 * {@code args} as its command line.
	 */
	public static RunningServe start(Map<String, String> variables, WebApplicationType web, String... args)
			throws IOException {
		Path home = Files.createTempDirectory("botkeeper-serve-home");
		Map<String, String> environment = new HashMap<>(variables);
		environment.put("HOME", home.toString());
		try {
			return new RunningServe(ServeWithEnvironment.start(environment, web, args), home);
		}
		catch (RuntimeException ex) {
			Files.deleteIfExists(home);
			throw ex;
		}
	}

	/** serve with this process's environment, configured by {@code args} (Spring properties) alone. */
	public static RunningServe withArguments(String... args) {
		return new RunningServe(new SpringApplication(ServeApplication.class).run(args), null);
	}

	public ConfigurableApplicationContext context() {
		return context;
	}

	public int port() {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	/** {@code path} (starting with {@code /}) on serve's web port. */
	public String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	/** GET {@code path}; fails the test when the answer holds a planted canary. */
	public HttpResponse<String> response(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).build(),
				HttpResponse.BodyHandlers.ofString());
		LeakCanaries.assertNoLeak("GET " + path, response.body());
		return response;
	}

	/** The body of {@link #response(String)}. */
	public String get(String path) throws IOException, InterruptedException {
		return response(path).body();
	}

	@Override
	public void close() {
		context.close();
		if (home != null) {
			try {
				Files.deleteIfExists(home);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/** Asks {@code condition} every 200 ms until it holds; fails after 30 s naming {@code what} it waited for. */
	public static void await(String what, BooleanSupplier condition) throws InterruptedException {
		await(what, Duration.ofMillis(200), condition);
	}

	/** {@link #await(String, BooleanSupplier)}, asking every {@code every}. */
	public static void await(String what, Duration every, BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(30);
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("waited 30 s for: " + what).isBefore(deadline);
			Thread.sleep(every);
		}
	}

}
