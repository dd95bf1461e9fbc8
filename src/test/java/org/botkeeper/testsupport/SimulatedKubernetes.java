package org.botkeeper.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Kubernetes API server's TokenReview endpoint, simulated on 127.0.0.1, for the real Vault/OpenBao
 * Kubernetes auth method to call: {@code POST /apis/authentication.k8s.io/v1/tokenreviews} answers
 * {@code authenticated: true} with the user {@code system:serviceaccount:NS:NAME} and its uid for a
 * service-account token this simulator issued, and {@code false} for anything else, as the API server
 * does. The reviewer's own bearer token must be one it issued too (the API server lets only an
 * authenticated caller with {@code system:auth-delegator} review tokens).
 *
 * <p>The tokens are JWT-shaped, with the claims of a legacy service-account token
 * ({@code kubernetes.io/serviceaccount/namespace}, {@code .../service-account.name}, {@code .../service-account.uid}),
 * which Vault reads before it asks for a review; their signature is random bytes, not a signature: Vault
 * without {@code pem_keys} does not check it and leaves that to the API server, which here means this
 * simulator's list of issued tokens. No other Kubernetes API is simulated.
 *
 * @see <a href="https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-review-v1/">TokenReview</a>
 */
public final class SimulatedKubernetes implements AutoCloseable {

	private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	/** Issued token → its service account: namespace, name, uid. */
	private final Map<String, String[]> issued = new ConcurrentHashMap<>();

	private final AtomicInteger reviews = new AtomicInteger();

	private SimulatedKubernetes(HttpServer server) {
		this.server = server;
	}

	public static SimulatedKubernetes start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			SimulatedKubernetes kubernetes = new SimulatedKubernetes(server);
			server.createContext("/apis/authentication.k8s.io/v1/tokenreviews", kubernetes::review);
			server.start();
			return kubernetes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The API server's URL: plain http on loopback. Vault accepts an http {@code kubernetes_host}; the CA it
	 * is given ({@link #writeCaFile}) is then never used.
	 */
	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	/** A service-account token of {@code namespace}/{@code name}, planted as a canary. */
	public String issue(String namespace, String name) {
		String uid = UUID.randomUUID().toString();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", "kubernetes/serviceaccount");
		claims.put("kubernetes.io/serviceaccount/namespace", namespace);
		claims.put("kubernetes.io/serviceaccount/service-account.name", name);
		claims.put("kubernetes.io/serviceaccount/service-account.uid", uid);
		claims.put("sub", "system:serviceaccount:" + namespace + ":" + name);
		byte[] signature = new byte[64];
		new SecureRandom().nextBytes(signature);
		String token = URL.encodeToString("{\"alg\":\"RS256\",\"kid\":\"simulated\"}".getBytes(StandardCharsets.UTF_8))
				+ "." + URL.encodeToString(JSON.writeValueAsBytes(claims)) + "." + URL.encodeToString(signature);
		issued.put(token, new String[] { namespace, name, uid });
		return LeakCanaries.plant(token);
	}

	/** How many reviews the API server answered (authenticated or not). */
	public int reviews() {
		return reviews.get();
	}

	/**
	 * Writes a self-signed CA certificate (made by the {@code openssl} CLI) to {@code file}: Vault outside a
	 * cluster must be given the API server's CA, so {@code vault init --kubernetes-ca-file} is tested as an
	 * operator runs it, though over http the CA never verifies anything here.
	 */
	public static Path writeCaFile(Path file) throws IOException, InterruptedException {
		Path key = file.resolveSibling(file.getFileName() + ".key");
		Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
				"ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", file.toString(), "-subj",
				"/CN=simulated-kubernetes-ca", "-days", "1").redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
			throw new IllegalStateException("openssl could not make the simulated cluster's CA");
		}
		Files.delete(key);
		return file;
	}

	private void review(HttpExchange exchange) throws IOException {
		try (exchange) {
			String reviewer = exchange.getRequestHeaders().getFirst("Authorization");
			if (!"POST".equals(exchange.getRequestMethod()) || reviewer == null || !reviewer.startsWith("Bearer ")
					|| !issued.containsKey(reviewer.substring("Bearer ".length()))) {
				send(exchange, 401, Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "reason",
						"Unauthorized", "code", 401));
				return;
			}
			JsonNode request;
			try (InputStream in = exchange.getRequestBody()) {
				request = JSON.readTree(in);
			}
			String[] account = issued.get(request.path("spec").path("token").asString(""));
			Map<String, Object> status = new LinkedHashMap<>();
			status.put("authenticated", account != null);
			if (account != null) {
				status.put("user", Map.of("username", "system:serviceaccount:" + account[0] + ":" + account[1], "uid",
						account[2], "groups", java.util.List.of("system:serviceaccounts",
								"system:serviceaccounts:" + account[0], "system:authenticated")));
			}
			else {
				status.put("user", Map.of());
				status.put("error", "invalid bearer token");
			}
			reviews.incrementAndGet();
			send(exchange, 201, Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenReview", "status", status));
		}
	}

	private static void send(HttpExchange exchange, int code, Map<String, Object> body) throws IOException {
		byte[] bytes = JSON.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(code, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
