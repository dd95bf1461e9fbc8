package org.botkeeper.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.github.GitHubApi;
import org.botkeeper.github.GitHubLimits;
import org.botkeeper.githubsim.SimEnvironment;
import org.botkeeper.githubsim.SimSecret;
import org.botkeeper.githubsim.SimulatorOptions;
import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.WriteFence;
import org.botkeeper.vault.ChangeMarkers;
import org.botkeeper.vault.TokenStore;

/**
 * {@code bench/serve-latency.sh}: {@code botkeeper serve} as its own process (so its heap and RSS are
 * its own) against a real dev Vault with N bindings, already synced, and the GitHub simulator with
 * GitHub's real limits. Tokens are changed in Vault at random moments, as {@code token put} changes them
 * (the record, then the change marker serve polls); each change's latency is the
 * time until the simulator decrypts the new value. Then serve's heap after its full runs. Exits 1 when the
 * simulator does not decrypt every binding's latest value from Vault at the end ({@link BenchCheck}).
 *
 * <p>Arguments: {@code N [key=value...]}: {@code changes} (30), {@code over} (seconds to spread them
 * over, 150), {@code interval} (serve's full-cycle interval, 5m as serve's default; its change poll keeps its default, 2s), {@code xmx} (128m), {@code realLimits}
 * (true: every limit GitHub documents, at GitHub's figures, from serve's start on; false: none). System property
 * {@code bench.classpath} is the class path to start serve with.
 */
public final class ServeBench {

	public static void main(String[] args) throws Exception {
		int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
		Map<String, String> opts = new java.util.HashMap<>();
		for (int i = 1; i < args.length; i++) {
			String[] kv = args[i].split("=", 2);
			opts.put(kv[0], kv[1]);
		}
		int changes = Integer.parseInt(opts.getOrDefault("changes", "30"));
		int over = Integer.parseInt(opts.getOrDefault("over", "150"));
		String interval = opts.getOrDefault("interval", "5m");
		String xmx = opts.getOrDefault("xmx", "128m");
		boolean realLimits = Boolean.parseBoolean(opts.getOrDefault("realLimits", "true"));
		SimulatorOptions relaxed = SimulatorOptions.defaults().withoutLimits();
		System.out.printf(Locale.ROOT, "serve-latency: N=%d, %d token changes at random moments over %d s, serve "
				+ "schedule interval %s, serve -Xmx%s, GitHub limits during measurement: %s%n", n, changes, over, interval,
				xmx, realLimits ? "every limit GitHub documents, at GitHub's figures: " + SyncBench.describe(SimulatorOptions
					.defaults()) + "; serve with its default budgets" : "none");
		long setup = System.nanoTime();
		boolean synced = false;
		try (BenchWorld world = BenchWorld.start(relaxed)) {
			world.seed(n, true);
			// Setting up, not measured: no limits on either side.
			GitHubLimits unpaced = GitHubLimits.defaults()
				.withMutationGap(Duration.ZERO)
				.withWritesPerMinute(Long.MAX_VALUE)
				.withWritesPerHour(Long.MAX_VALUE)
				.withPointsPerMinute(Long.MAX_VALUE);
			BrokerAssembly presync = new BrokerAssembly(world.broker(), world.layout, world.defaults,
					new GitHubApi(URI.create(world.github.url())), unpaced, Clock.systemUTC());
			SyncEngine engine = presync.engine(presync.github());
			var report = engine.apply(engine.plan(Set.of(), Planner.Options.DEFAULT), WriteFence.NONE, r -> {
			});
			System.out.printf(Locale.ROOT, "setup: %s; %d records stored and synced by the engine in %.1f s (%d done)%n",
					world.vault.describe(), n, (System.nanoTime() - setup) / 1e9,
					report.count(org.botkeeper.sync.ItemResult.Status.DONE));
			if (realLimits) {
				world.github.limits(SimulatorOptions.defaults());
			}
			world.github.counters().reset();
			int port = freePort();
			Path log = Path.of("target", "bench", "serve-" + n + ".log");
			List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx" + xmx, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("bench.classpath"),
					"org.botkeeper.Botkeeper", "serve", "--server.port=" + port, "--server.address=127.0.0.1",
					"--botkeeper.schedule.interval=" + interval, "--botkeeper.github.api-url=" + world.github.url()));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			builder.environment().put("VAULT_ADDR", world.vault.address().toString());
			builder.environment().put("VAULT_TOKEN", world.brokerToken);
			// The first run reads two conditional GETs per binding at the client's 810 points a minute, less the
			// tenth a background run leaves: about 27 minutes at 10,000. A quarter more, and 15 minutes at least.
			java.time.Duration firstRunLimit = java.time.Duration.ofMinutes(Math.max(15, 2L * n * 5 / 4 / 729 + 1));
			long started = System.nanoTime();
			Process serve = builder.start();
			// A bench stopped with SIGTERM skips the finally below: serve must not outlive it.
			Runtime.getRuntime().addShutdownHook(new Thread(serve::destroyForcibly));
			try {
				HttpClient http = HttpClient.newHttpClient();
				// The first run is over when the status API reports one.
				while (!status(http, port).contains("\"last_run_at\":\"") && !status(http, port).contains("lastRunAt\":\"")) {
					if (!serve.isAlive()) {
						throw new IllegalStateException("serve exited; see " + log);
					}
					if (System.nanoTime() - started > firstRunLimit.toNanos()) {
						throw new IllegalStateException("serve's first run took over " + firstRunLimit.toMinutes()
								+ " minutes; see " + log);
					}
					Thread.sleep(200);
				}
				System.out.printf(Locale.ROOT, "serve: started and first full run (no changes) done %.1f s after launch; "
						+ "GitHub so far: %s%n", (System.nanoTime() - started) / 1e9, world.github.counters());
				world.github.counters().reset();
				long measured = System.nanoTime();
				if (changes > 0) {
					latencies(world, changes, over);
				}
				double minutes = (System.nanoTime() - measured) / 60e9;
				var counters = world.github.counters();
				long writes = counters.mutatingRequests();
				long reads = counters.requests() - writes;
				System.out.printf(Locale.ROOT, "GitHub during the measured part (%.1f min): %s%n", minutes, counters);
				System.out.printf(Locale.ROOT, "  reads %.0f/min, writes %.1f/min, secondary points %.0f/min (GitHub: 900 "
						+ "points/min, 80 content-generating/min, 500/h); limit violations %d %s; peak use of each limit "
						+ "%s%n", reads / minutes, writes / minutes, (reads + 5.0 * writes) / minutes,
						counters.limitViolations(), counters.violationsByLimit(), counters.peaks());
				synced = BenchCheck.report(System.out, world.github, world.defaults, world.expected);
				heap(http, port, serve.pid());
			}
			finally {
				serve.destroy();
				serve.waitFor();
			}
		}
		if (!synced) {
			System.exit(1);
		}
	}

	private static void latencies(BenchWorld world, int changes, int overSeconds) throws Exception {
		Random random = new Random(42);
		TokenStore store = new TokenStore(world.admin(), world.layout, world.defaults, "botkeeper-admin");
		ChangeMarkers markers = new ChangeMarkers(world.admin(), world.layout, "botkeeper-admin");
		Map<RepositoryName, String> pending = new ConcurrentHashMap<>();
		Map<RepositoryName, Long> changedAt = new ConcurrentHashMap<>();
		List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
		Thread watcher = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				for (var entry : pending.entrySet()) {
					SimEnvironment environment = world.github.state().repository(entry.getKey().toString())
						.environment(world.defaults.environment().value());
					SimSecret secret = environment.secret(world.defaults.secretName().value());
					if (secret != null && entry.getValue().equals(new String(secret.plaintext(), StandardCharsets.UTF_8))) {
						latencies.add((System.nanoTime() - changedAt.get(entry.getKey())) / 1e9);
						pending.remove(entry.getKey());
					}
				}
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "latency-watcher");
		watcher.setDaemon(true);
		watcher.start();
		double[] moments = new double[changes];
		for (int i = 0; i < changes; i++) {
			moments[i] = random.nextDouble() * overSeconds;
		}
		Arrays.sort(moments);
		long begin = System.nanoTime();
		for (int i = 0; i < changes; i++) {
			long wait = begin + (long) (moments[i] * 1e9) - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000);
			}
			RepositoryName repository;
			do {
				repository = world.repositories.get(random.nextInt(world.repositories.size()));
			}
			while (pending.containsKey(repository));
			String value = BenchWorld.fakeToken(1_000_000L + i);
			store.put(repository, SecretValue.of(value), new TokenStore.TokenChange(null, null, null, null), null);
			long stored = System.nanoTime();
			markers.tokenChanged(repository);
			world.expected.put(repository, value);
			changedAt.put(repository, stored);
			pending.put(repository, value);
		}
		long deadline = System.nanoTime() + 180_000_000_000L;
		while (!pending.isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		watcher.interrupt();
		List<Double> sorted = new ArrayList<>(latencies);
		sorted.sort(Double::compare);
		System.out.printf(Locale.ROOT, "latency (change stored in Vault -> new value decrypted by the simulator), %d of "
				+ "%d changes arrived: p50 %.1f s, p95 %.1f s, max %.1f s (target p95 <= 5 s)%n", sorted.size(), changes,
				percentile(sorted, 50), percentile(sorted, 95), sorted.isEmpty() ? Double.NaN : sorted.getLast());
	}

	private static double percentile(List<Double> sorted, int p) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
	}

	private static void heap(HttpClient http, int port, long pid) throws Exception {
		double before = heapFromMetrics(http, port);
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
		double after = heapFromMetrics(http, port);
		System.out.printf(Locale.ROOT, "serve heap: %.1f MiB in use at the end, %.1f MiB live after a full GC; "
				+ "RSS %.0f MiB, peak RSS %.0f MiB (target: heap < 128 MiB)%n", before, after,
				Memory.procStatusMiB(pid, "VmRSS"), Memory.procStatusMiB(pid, "VmHWM"));
	}

	/** Sum of jvm_memory_used_bytes over the heap pools, from serve's Prometheus endpoint. */
	private static double heapFromMetrics(HttpClient http, int port) throws Exception {
		String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		double bytes = 0;
		for (String line : body.split("\n")) {
			if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
				bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return bytes / 1048576.0;
	}

	private static String status(HttpClient http, int port) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/status")).build(),
					HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (Exception ex) {
			return "";
		}
	}

	private static int freePort() throws Exception {
		try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}


}
