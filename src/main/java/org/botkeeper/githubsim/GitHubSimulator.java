package org.botkeeper.githubsim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A simulated api.github.com on a loopback port, for tests and {@code botkeeper demo}: stateful
 * repositories, environments and secrets (it opens every sealed box and keeps the plaintext), ETags
 * and 304s, who may do what (roles, classic scopes, fine-grained and App permissions: {@code SimAccess}),
 * App installation tokens, every rate limit GitHub documents with GitHub's answers and headers
 * ({@link SimulatorOptions}), counters and fault switches. Start it with {@link #start}; inspect {@link #state()},
 * {@link #counters()}; inject faults with {@link #faults()}.
 *
 * <pre>{@code
 * try (GitHubSimulator github = GitHubSimulator.start(SimulatorOptions.defaults())) {
 *     github.state().addRepository("jupyterhub/binderhub"); // the writer is its admin, the bot may write
 *     github.credentials().classicToken(writerToken, SimState.WRITER, null, "repo");
 *     // point GITHUB_API_URL at github.url(), sync, then:
 *     byte[] pushed = github.state().repository("jupyterhub/binderhub").environment("jupyterhub-bot")
 *         .secret("JUPYTERHUB_BOT_PAT").plaintext();
 * }
 * }</pre>
 */
public final class GitHubSimulator implements AutoCloseable {

	private final SimulatorOptions options;

	private final SimState state;

	private final SimCredentials credentials;

	private final SimFaults faults = new SimFaults();

	private final SimBehaviour behaviour = new SimBehaviour();

	private final SimCounters counters = new SimCounters();

	private final SimRateLimits limits;

	private final HttpServer server;

	private final ExecutorService executor;

	private final String url;

	private final EnvironmentRoutes environmentRoutes;

	private final AccountRoutes accountRoutes;

	private final IssueRoutes issueRoutes;

	private final SimPeople people;

	private final PeopleRoutes peopleRoutes;

	private final MembershipRoutes membershipRoutes;

	private final SimOrgTokens orgTokens = new SimOrgTokens();

	private final OrgTokenRoutes orgTokenRoutes;

	private final SecretRoutes secretRoutes;

	static {
		// The JDK server closes keep-alive connections idle for 30 s; a client (Prism's node agent) that
		// reuses one at that moment sees "socket hang up". GitHub keeps them far longer. Read once, at
		// the first HttpServer of the JVM, so a value set by the user wins.
		if (System.getProperty("sun.net.httpserver.idleInterval") == null) {
			System.setProperty("sun.net.httpserver.idleInterval", "3600");
		}
	}

	private GitHubSimulator(SimulatorOptions options, String basePath) throws IOException {
		this.options = options;
		this.state = new SimState(options.clock());
		this.credentials = new SimCredentials(options.clock());
		this.limits = new SimRateLimits(options);
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
		// A thread per request, as many as arrive: GitHub accepts 100 requests in flight and refuses the
		// 101st; a small pool would queue them instead and hide a client that sends too many at once.
		this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("github-simulator-", 0).factory());
		this.url = "http://127.0.0.1:" + server.getAddress().getPort() + basePath;
		SimAccess access = new SimAccess(state, credentials);
		SimSecretWrites writes = new SimSecretWrites(state, faults, behaviour);
		this.environmentRoutes = new EnvironmentRoutes(state, writes, access, url);
		this.secretRoutes = new SecretRoutes(state, writes, access, url);
		this.issueRoutes = new IssueRoutes(state, access, url);
		this.accountRoutes = new AccountRoutes(state, credentials, access, url);
		this.people = new SimPeople(credentials);
		this.peopleRoutes = new PeopleRoutes(people, url);
		this.membershipRoutes = new MembershipRoutes(state, people, peopleRoutes, access, url);
		this.orgTokenRoutes = new OrgTokenRoutes(state, orgTokens, access, url);
		server.createContext(basePath.isEmpty() ? "/" : basePath, new SimHandler(this, basePath));
		server.setExecutor(executor);
		server.start();
	}

	/** Starts a simulator serving at the root of a free loopback port (like api.github.com). */
	public static GitHubSimulator start(SimulatorOptions options) {
		return start(options, "");
	}

	/** Starts one serving below {@code basePath}, e.g. {@code /api/v3} like GitHub Enterprise Server. */
	public static GitHubSimulator start(SimulatorOptions options, String basePath) {
		try {
			return new GitHubSimulator(options, basePath);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The API base URL to point {@code GITHUB_API_URL} at. */
	public String url() {
		return url;
	}

	/** People who log in to Vault with their GitHub token, their organisations and teams. */
	public SimPeople people() {
		return people;
	}

	MembershipRoutes membershipRoutes() {
		return membershipRoutes;
	}

	SecretRoutes secretRoutes() {
		return secretRoutes;
	}

	OrgTokenRoutes orgTokenRoutes() {
		return orgTokenRoutes;
	}

	/** The organisations' fine-grained token grants and pending requests, as their owners see them. */
	public SimOrgTokens orgTokens() {
		return orgTokens;
	}

	PeopleRoutes peopleRoutes() {
		return peopleRoutes;
	}

	public SimState state() {
		return state;
	}

	public SimCredentials credentials() {
		return credentials;
	}

	public SimFaults faults() {
		return faults;
	}

	/** Answers GitHub does not document, switchable (a stale key id, for one). */
	public SimBehaviour behaviour() {
		return behaviour;
	}

	public SimCounters counters() {
		return counters;
	}

	SimulatorOptions options() {
		return options;
	}

	/**
	 * Applies the limits of {@code newOptions} from now on (its clock is ignored), with fresh budgets:
	 * lets one running simulator serve tests and benchmarks that need different limits.
	 */
	public void limits(SimulatorOptions newOptions) {
		limits.reconfigure(newOptions);
	}

	/** Back to GitHub's default limits. */
	public void resetLimits() {
		limits.reconfigure(SimulatorOptions.defaults());
	}

	SimRateLimits limits() {
		return limits;
	}

	/** Whether each answer closes its connection ({@link #closeConnectionAfterEachAnswer}). */
	private volatile boolean closeAfterEachAnswer;

	/**
	 * Makes every answer say {@code Connection: close}, so that no client reuses a connection: for the
	 * tests' Prism in front of the simulator, whose upstream requests now and then ended in "socket hang
	 * up" on a connection reused right after an answer (cause not found; a new connection per request
	 * on loopback costs nothing that matters there).
	 */
	public void closeConnectionAfterEachAnswer() {
		this.closeAfterEachAnswer = true;
	}

	/** Serves one parsed request through auth, faults, limits, routes and ETags. */
	SimResponse serve(SimExchange exchange, String authorization, String ifNoneMatch) {
		return new SimPipeline(this, environmentRoutes, issueRoutes, accountRoutes).serve(exchange, authorization, ifNoneMatch);
	}

	@Override
	public void close() {
		server.stop(0);
		executor.shutdownNow();
	}

	/** Adapts the JDK server to {@link #serve}: parses, applies connection faults, writes the answer. */
	private record SimHandler(GitHubSimulator simulator, String basePath) implements com.sun.net.httpserver.HttpHandler {

		@Override
		public void handle(HttpExchange http) throws IOException {
			try (http) {
				String method = http.getRequestMethod();
				simulator.counters.request(method);
				simulator.counters.sent(method, http.getRequestURI().getRawPath());
				Duration delay = simulator.faults.takeDelay();
				if (!delay.isZero()) {
					try {
						Thread.sleep(delay);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
				java.util.Optional<SimFaults.PathFault> pathFault = simulator.faults.onPath(http.getRequestURI().getRawPath());
				if (pathFault.isPresent() && !pathFault.get().delay().isZero()) {
					try {
						Thread.sleep(pathFault.get().delay());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
				if (simulator.faults.takeConnectionReset() || pathFault.map(SimFaults.PathFault::reset).orElse(false)) {
					// Closing without any answer: the client sees the connection end mid-exchange.
					simulator.counters.answered(method, 0);
					return;
				}
				URI uri = http.getRequestURI();
				String path = uri.getRawPath().substring(basePath.length());
				List<String> segments = new ArrayList<>();
				for (String raw : path.split("/")) {
					if (!raw.isEmpty()) {
						segments.add(java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
					}
				}
				Map<String, String> query = new LinkedHashMap<>();
				if (uri.getRawQuery() != null) {
					for (String pair : uri.getRawQuery().split("&")) {
						String[] kv = pair.split("=", 2);
						query.put(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
					}
				}
				String body;
				try (InputStream in = http.getRequestBody()) {
					body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				SimResponse response;
				try {
					response = simulator.serve(new SimExchange(method, List.copyOf(segments), query, null, body),
							http.getRequestHeaders().getFirst("Authorization"),
							http.getRequestHeaders().getFirst("If-None-Match"));
				}
				catch (RuntimeException ex) {
					// The JDK server would close the connection without a word, which a client behind Prism
					// sees as "socket hang up": say where the simulator broke instead.
					System.err.println("GitHub simulator: " + method + " " + path + " failed");
					ex.printStackTrace();
					throw ex;
				}
				simulator.counters.answered(method, response.status());
				if (method.equals("PUT") && response.status() / 100 == 2 && segments.size() >= 2
						&& segments.get(segments.size() - 2).equals("secrets")) {
					simulator.faults.afterSecretPut();
				}
				response.headers().forEach((name, value) -> http.getResponseHeaders().add(name, value));
				if (simulator.closeAfterEachAnswer) {
					http.getResponseHeaders().set("Connection", "close");
				}
				if (response.body() == null) {
					http.sendResponseHeaders(response.status(), -1);
					return;
				}
				byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
				http.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
				http.sendResponseHeaders(response.status(), bytes.length);
				try (OutputStream out = http.getResponseBody()) {
					out.write(bytes);
				}
			}
		}

	}

}
