package org.botkeeper.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.botkeeper.devvault.DevVaultContext;
import org.botkeeper.devvault.OpenBaoBinary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three OpenBao nodes as production runs them: integrated storage (raft), TLS on the API and cluster
 * ports with certificates from a CA made for this run by the {@code openssl} CLI, Shamir unseal keys
 * (3 shares, 2 to unseal) held only in this object, nodes joined through {@code retry_join}. Keys,
 * certificates and raft data live in a temp directory that {@link #close()} deletes; each node's log
 * goes to {@code target/raft-NAME/node-I.log}.
 *
 * <p>{@link #toString()} shows no token and no key.
 */
public final class RaftCluster implements AutoCloseable {

	private static final int NODES = 3;

	private static final Duration WAIT = Duration.ofSeconds(60);

	/** How long an offer of the unseal keys may go unanswered before it is reset and made again. */
	private static final Duration UNSEAL_RETRY = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path binary;

	private final Path dir;

	private final Path logDir;

	/** Whether standbys answer reads from their own copy (OpenBao 2.7's default) instead of forwarding them. */
	private final boolean standbyReads;

	private final int[] apiPorts = new int[NODES];

	private final Process[] processes = new Process[NODES];

	private final HttpClient http;

	private List<String> unsealKeys = List.of();

	private String rootToken;

	private RaftCluster(Path binary, Path dir, Path logDir, boolean standbyReads) {
		this.standbyReads = standbyReads;
		this.binary = binary;
		this.dir = dir;
		this.logDir = logDir;
		this.http = HttpClient.newBuilder()
			.sslContext(trusting(certificates().resolve("ca.pem")))
			.connectTimeout(Duration.ofSeconds(2))
			.build();
	}

	/**
	 * Starts, initialises, unseals and joins the three nodes, standbys forwarding every request; returns
	 * once all are voters under one leader.
	 */
	public static RaftCluster start(String name) {
		return start(name, false);
	}

	/** Like {@link #start(String)}; with {@code standbyReads}, standbys answer reads themselves (OpenBao's default). */
	public static RaftCluster start(String name, boolean standbyReads) {
		Path projectDir = Path.of(System.getProperty("user.dir"));
		Path logDir = projectDir.resolve("target/raft-" + name);
		Path binary = OpenBaoBinary.locate(DevVaultContext.defaults(logDir, projectDir));
		Path dir;
		try {
			dir = Files.createTempDirectory("botkeeper-raft-");
			Files.createDirectories(logDir);
			makeCertificates(dir.resolve("tls"), logDir.resolve("openssl.log"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		RaftCluster cluster = new RaftCluster(binary, dir, logDir, standbyReads);
		try {
			cluster.configure();
			for (int i = 0; i < NODES; i++) {
				cluster.launch(i);
			}
			cluster.initialise();
			return cluster;
		}
		catch (RuntimeException | Error ex) {
			cluster.close();
			throw ex;
		}
	}

	/** The API address of node {@code i}: {@code https://127.0.0.1:PORT}. */
	public URI address(int i) {
		return URI.create("https://127.0.0.1:" + apiPorts[i]);
	}

	/** The test CA's certificate (PEM), what {@code VAULT_CACERT} names. */
	public Path caCertFile() {
		return certificates().resolve("ca.pem");
	}

	/** The root token from {@code sys/init}; a leak canary. */
	public String rootToken() {
		return rootToken;
	}

	/** The environment a CLI run needs to act on node {@code i} with {@code token}, verifying TLS with the test CA. */
	public Map<String, String> cliEnv(int i, String token) {
		return Map.of("VAULT_ADDR", address(i).toString(), "VAULT_TOKEN", token, "VAULT_CACERT", caCertFile().toString(),
				"HOME", dir.resolve("home").toString());
	}

	/**
	 * The index of the active node: the running node that says it is the leader itself; waits (up to a
	 * minute) for one. Not what the others report: a standby keeps naming a dead leader until the new one
	 * is elected, and a node started again on the dead one's address would pass for it.
	 */
	public int leader() {
		int[] found = { -1 };
		await("a running node to be the active node", () -> {
			for (int i = 0; i < NODES; i++) {
				JsonNode answer = running(i) ? tryGet(i, "sys/leader", null) : null;
				if (answer != null && answer.path("is_self").asBoolean(false)) {
					found[0] = i;
					return true;
				}
			}
			return false;
		});
		return found[0];
	}

	/**
	 * Waits until node {@code i} forwards to the active node {@code leader}: it names it, and a root call
	 * that only the active node answers goes through. A standby learns of a new leader a moment after the
	 * election, and answers 500 until then.
	 */
	public void awaitFollowing(int i, int leader) {
		await("node " + i + " to forward to the active node " + leader, () -> {
			JsonNode answer = tryGet(i, "sys/leader", null);
			return answer != null && address(leader).toString().equals(answer.path("leader_address").asString(""))
					&& tryGet(i, "sys/storage/raft/configuration", rootToken) != null;
		});
	}

	/** Kills node {@code i} with SIGKILL, as a crash would: no step-down, no flush. */
	public void kill(int i) {
		Process process = processes[i];
		if (process != null) {
			process.destroyForcibly();
			try {
				process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/**
	 * Starts node {@code i} again on its data and unseals it (nothing to start when it still runs: a test
	 * that failed before its kill); returns once there is a leader and every running node forwards to it,
	 * so that the next test may use any node as its standby (one that has not learnt the active node yet
	 * answers 500, which once failed a later test's first read).
	 */
	public void start(int i) {
		if (!running(i)) {
			launch(i);
			unseal(i);
		}
		awaitSteady();
	}

	/** Waits until there is an active node and every other running node forwards to it; returns the leader. */
	public int awaitSteady() {
		int leader = leader();
		for (int n = 0; n < NODES; n++) {
			if (n != leader && running(n)) {
				awaitFollowing(n, leader);
			}
		}
		return leader;
	}

	/** Sends {@code method path} with {@code token} to node {@code i}; returns the answer's status and body. */
	public VaultHttp.Response call(int i, String method, String path, String json, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(address(i).resolve("/v1/" + path))
			.timeout(Duration.ofSeconds(10))
			.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
		if (token != null) {
			request.header("X-Vault-Token", token);
		}
		HttpResponse<String> response = send(request.build(), HttpResponse.BodyHandlers.ofString());
		return new VaultHttp.Response(response.statusCode(), response.body());
	}

	/**
	 * Saves a raft snapshot of the whole cluster through node {@code i} to {@code file}, as {@code bao operator
	 * raft snapshot save} does ({@code GET sys/storage/raft/snapshot} with the root token).
	 */
	public void saveSnapshot(int i, Path file) {
		HttpRequest request = rootRequest(i, "sys/storage/raft/snapshot").GET().build();
		HttpResponse<Path> response = send(request, HttpResponse.BodyHandlers.ofFile(file));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET sys/storage/raft/snapshot on node " + i + " answered "
					+ response.statusCode());
		}
	}

	/**
	 * Restores the snapshot in {@code file} through node {@code i}, as {@code bao operator raft snapshot
	 * restore} does ({@code POST sys/storage/raft/snapshot}). Without {@code -force}: the snapshot must be
	 * this cluster's own (same keyring); OpenBao refuses one of another cluster there. OpenBao answers
	 * before the snapshot is applied: see {@link #awaitAnswer}.
	 */
	public void restoreSnapshot(int i, Path file) {
		postSnapshot(i, "sys/storage/raft/snapshot", file);
	}

	/** Sends the snapshot in {@code file} to {@code path} on node {@code i} as root; it must answer below 300. */
	private void postSnapshot(int i, String path, Path file) {
		HttpRequest request;
		try {
			request = rootRequest(i, path).POST(HttpRequest.BodyPublishers.ofFile(file)).build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException("POST " + path + " on node " + i + " answered " + response.statusCode()
					+ ": " + response.body());
		}
	}

	/**
	 * Restores {@code file}, a snapshot of the cluster {@code old} (stopped: the cluster that was lost), into
	 * this freshly initialised cluster through node {@code i}, as {@code bao operator raft snapshot restore
	 * -force} does ({@code POST sys/storage/raft/snapshot-force}). The data, the keyring and the tokens become
	 * the old cluster's: the nodes seal and are unsealed with the OLD cluster's keys, and the old root token is
	 * this cluster's from then on (this cluster's own keys and root token are forgotten). Returns once every
	 * node is unsealed and takes the old root token, under one leader.
	 */
	public void restoreForeignSnapshot(int i, Path file, RaftCluster old) {
		postSnapshot(i, "sys/storage/raft/snapshot-force", file);
		unsealKeys = old.unsealKeys;
		rootToken = old.rootToken;
		Instant[][] offered = new Instant[NODES][];
		for (int node = 0; node < NODES; node++) {
			offered[node] = new Instant[] { Instant.MIN };
		}
		// Until the restore is applied a node is unsealed and refuses the old root token; then every node seals,
		// and the active node can only be elected once a quorum is unsealed again: all are offered the keys at once.
		await("every node to be unsealed with the snapshot's keys and take its root token", () -> {
			boolean all = true;
			for (int node = 0; node < NODES; node++) {
				JsonNode status = tryGet(node, "sys/seal-status", null);
				if (status != null && status.path("sealed").asBoolean(true)) {
					offerKeys(node, status, offered[node]);
				}
				all &= status != null && !status.path("sealed").asBoolean(true)
						&& tryGet(node, "auth/token/lookup-self", rootToken) != null;
			}
			return all;
		});
		leader();
	}

	/**
	 * Waits (up to a minute) until node {@code i} answers a root {@code GET path} with 200 and a body that
	 * {@code answer} accepts: after a restore, until it serves the restored data.
	 */
	public void awaitAnswer(int i, String what, String path, Predicate<JsonNode> answer) {
		await("node " + i + " to answer " + what, () -> {
			JsonNode body = tryGet(i, path, rootToken);
			return body != null && answer.test(body);
		});
	}

	/** A root call to node {@code i} that must answer below 300; returns the parsed body. */
	public JsonNode root(int i, String method, String path, String json) {
		VaultHttp.Response response = call(i, method, path, json, rootToken);
		if (response.status() >= 300) {
			throw new IllegalStateException(method + " " + path + " on node " + i + " answered " + response.status());
		}
		return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
	}

	@Override
	public void close() {
		for (int i = 0; i < NODES; i++) {
			kill(i);
		}
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public String toString() {
		return "RaftCluster[nodes=" + NODES + ", ports=" + java.util.Arrays.toString(apiPorts)
				+ ", rootToken=<redacted>, unsealKeys=<redacted>]";
	}

	private Path certificates() {
		return dir.resolve("tls");
	}

	private HttpRequest.Builder rootRequest(int i, String path) {
		return HttpRequest.newBuilder(address(i).resolve("/v1/" + path))
			.timeout(Duration.ofSeconds(60))
			.header("X-Vault-Token", rootToken);
	}

	private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
		try {
			return http.send(request, body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private boolean running(int i) {
		return processes[i] != null && processes[i].isAlive();
	}

	private void configure() {
		int[] clusterPorts = new int[NODES];
		for (int i = 0; i < NODES; i++) {
			apiPorts[i] = freeLoopbackPort();
			clusterPorts[i] = freeLoopbackPort();
		}
		for (int i = 0; i < NODES; i++) {
			StringBuilder joins = new StringBuilder();
			for (int j = 0; j < NODES; j++) {
				if (j != i) {
					joins.append("  retry_join {\n    leader_api_addr = \"").append(address(j))
						.append("\"\n    leader_ca_cert_file = \"").append(caCertFile()).append("\"\n  }\n");
				}
			}
			Path tls = certificates();
			// performance_multiplier 1 is raft's production timing (the default, 5, is for slow hardware):
			// elections within seconds, which is what a failover test measures. No disable_mlock: OpenBao 2.7
			// warns that it is an unknown field (it no longer locks memory). disable_standby_reads: by default
			// OpenBao 2.7's standbys answer reads from their own copy, which may lag a write just forwarded to
			// the leader; botkeeper sends the write's X-Vault-Index back so such a standby forwards what it has
			// not caught up with (vault.ReadYourWrites). The failover tests run with standbys that forward
			// everything; StandbyReadsIntegrationTests runs the default.
			String config = "storage \"raft\" {\n  path = \"" + dir.resolve("data-" + i) + "\"\n  node_id = \"node-" + i
					+ "\"\n  performance_multiplier = 1\n" + joins + "}\n" + "listener \"tcp\" {\n  address = \"127.0.0.1:"
					+ apiPorts[i] + "\"\n  cluster_address = \"127.0.0.1:" + clusterPorts[i] + "\"\n  tls_cert_file = \""
					+ tls.resolve("node-" + i + ".pem") + "\"\n  tls_key_file = \"" + tls.resolve("node-" + i + ".key")
					+ "\"\n}\n" + "api_addr = \"" + address(i) + "\"\ncluster_addr = \"https://127.0.0.1:" + clusterPorts[i]
					+ "\"\ndisable_standby_reads = " + !standbyReads + "\n";
			try {
				Files.createDirectories(dir.resolve("data-" + i));
				Files.createDirectories(dir.resolve("home"));
				Files.writeString(dir.resolve("node-" + i + ".hcl"), config);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private void launch(int i) {
		ProcessBuilder builder = new ProcessBuilder(binary.toString(), "server",
				"-config=" + dir.resolve("node-" + i + ".hcl"));
		builder.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("node-" + i + ".log").toFile()));
		try {
			processes[i] = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(processes[i]::destroyForcibly, "stop-raft-node-" + i));
		await("node " + i + " to answer sys/seal-status", () -> tryGet(i, "sys/seal-status", null) != null);
	}

	private void initialise() {
		JsonNode init = JSON.readTree(call(0, "PUT", "sys/init", "{\"secret_shares\":3,\"secret_threshold\":2}", null).body());
		List<String> keys = new ArrayList<>();
		init.path("keys_base64").forEach(key -> keys.add(LeakCanaries.plant(key.asString())));
		unsealKeys = List.copyOf(keys);
		rootToken = LeakCanaries.plant(init.path("root_token").asString());
		unseal(0);
		await("node 0 to become the active node", () -> {
			JsonNode leader = tryGet(0, "sys/leader", null);
			return leader != null && leader.path("is_self").asBoolean(false);
		});
		// Autopilot waits this long before it makes a joined node a voter (10 s by default).
		root(0, "POST", "sys/storage/raft/autopilot/configuration", "{\"server_stabilization_time\":\"1s\"}");
		for (int i = 1; i < NODES; i++) {
			unseal(i);
		}
		await("all nodes to be raft voters", () -> {
			JsonNode configuration = tryGet(0, "sys/storage/raft/configuration", rootToken);
			if (configuration == null) {
				return false;
			}
			int voters = 0;
			for (JsonNode server : configuration.path("data").path("config").path("servers")) {
				voters += server.path("voter").asBoolean(false) ? 1 : 0;
			}
			return voters == NODES;
		});
	}

	/**
	 * Unseals node {@code i}. A node that has not joined yet uses the keys to answer the leader's join
	 * challenge and unseals itself once it has joined, so the keys are offered again until it is unsealed.
	 */
	private void unseal(int i) {
		Instant[] offered = { Instant.MIN };
		await("node " + i + " to be unsealed", () -> {
			JsonNode status = tryGet(i, "sys/seal-status", null);
			if (status == null) {
				return false;
			}
			if (!status.path("sealed").asBoolean(true)) {
				return true;
			}
			offerKeys(i, status, offered);
			return false;
		});
	}

	/**
	 * Offers the unseal keys to sealed node {@code i} ({@code status} its seal status) when none are pending,
	 * or when an offer ({@code offered[0]}) has not unsealed it within seconds: on a loaded machine a node once
	 * kept half an offer ("waiting for unseal keys to be supplied") for good.
	 */
	private void offerKeys(int i, JsonNode status, Instant[] offered) {
		boolean stale = Instant.now().isAfter(offered[0].plus(UNSEAL_RETRY));
		if (status.path("progress").asInt(0) == 0 || stale) {
			try {
				if (status.path("progress").asInt(0) != 0) {
					call(i, "PUT", "sys/unseal", "{\"reset\":true}", null);
				}
				for (String key : unsealKeys.subList(0, 2)) {
					call(i, "PUT", "sys/unseal", "{\"key\":\"" + key + "\"}", null);
				}
			}
			catch (UncheckedIOException ex) {
				// Not answering yet (or too slowly): the next poll offers the keys again.
			}
			offered[0] = Instant.now();
		}
	}

	/** The parsed answer of a GET, or null when the node does not answer 200 (not up yet, or down). */
	private JsonNode tryGet(int i, String path, String token) {
		try {
			VaultHttp.Response response = call(i, "GET", path, null, token);
			return response.status() == 200 ? JSON.readTree(response.body()) : null;
		}
		catch (UncheckedIOException ex) {
			return null;
		}
	}

	private static void await(String what, BooleanSupplier done) {
		Instant deadline = Instant.now().plus(WAIT);
		while (!done.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/** A CA, and for each node a key and a certificate for 127.0.0.1 and localhost signed by it. */
	private static void makeCertificates(Path tls, Path log) throws IOException {
		Files.createDirectories(tls);
		openssl(tls, log, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
				"ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=botkeeper test CA");
		Files.writeString(tls.resolve("node.ext"),
				"subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
		for (int i = 0; i < NODES; i++) {
			openssl(tls, log, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
					"node-" + i + ".key", "-out", "node-" + i + ".csr", "-subj", "/CN=node-" + i);
			openssl(tls, log, "x509", "-req", "-in", "node-" + i + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
					"-CAcreateserial", "-days", "1", "-extfile", "node.ext", "-out", "node-" + i + ".pem");
		}
	}

	private static void openssl(Path workDir, Path log, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		try {
			if (process.waitFor() != 0) {
				throw new IllegalStateException("'openssl " + args[0] + "' failed; see " + log);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static SSLContext trusting(Path caPem) {
		try (InputStream in = Files.newInputStream(caPem)) {
			KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
			trust.load(null, null);
			trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int freeLoopbackPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot find a free loopback port", ex);
		}
	}

}
