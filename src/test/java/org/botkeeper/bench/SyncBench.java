package org.botkeeper.bench;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import org.botkeeper.github.GitHubApi;
import org.botkeeper.github.GitHubLimits;
import org.botkeeper.githubsim.SimCounters;
import org.botkeeper.githubsim.SimulatorOptions;
import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.sync.ApplyReport;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.WriteFence;

/**
 * {@code bench/sync-bench.sh}: N bindings in a real dev Vault, the GitHub simulator enforcing every limit
 * GitHub documents with time compressed (same ratios), then an initial sync and no-change syncs through
 * the real engine and GitHub client, whose budgets are compressed the same way. Prints figures, with each
 * rate set against the tightest of GitHub's limits, then checks that the simulator decrypts every
 * binding's value from Vault, and exits 1 when one does not ({@link BenchCheck}).
 *
 * <p>Arguments: {@code N [key=value...]} with keys {@code compress} (time compression factor, 60: an hour
 * becomes a minute), {@code environments} (existing|missing), and client budgets other than the
 * defaults: {@code gapMs}, {@code writesPerHour}, {@code pointsPerMinute}.
 */
public final class SyncBench {

	public static void main(String[] args) throws Exception {
		int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
		java.util.Map<String, String> opts = new java.util.HashMap<>();
		for (int i = 1; i < args.length; i++) {
			String[] kv = args[i].split("=", 2);
			opts.put(kv[0], kv[1]);
		}
		double compress = Double.parseDouble(opts.getOrDefault("compress", "60"));
		boolean environments = opts.getOrDefault("environments", "existing").equals("existing");
		SimulatorOptions limits = SimulatorOptions.defaults().compressed(compress);
		GitHubLimits clientLimits = GitHubLimits.defaults().compressed(compress);
		if (opts.containsKey("gapMs")) {
			clientLimits = clientLimits
				.withMutationGap(Duration.ofNanos((long) (Double.parseDouble(opts.get("gapMs")) * 1e6)));
		}
		if (opts.containsKey("writesPerHour")) {
			clientLimits = clientLimits.withWritesPerHour(Long.parseLong(opts.get("writesPerHour")));
		}
		if (opts.containsKey("pointsPerMinute")) {
			clientLimits = clientLimits.withPointsPerMinute(Long.parseLong(opts.get("pointsPerMinute")));
		}

		System.out.printf(Locale.ROOT, "sync-bench: N=%d, time compressed %.0fx, environments %s; JVM max heap %d MiB%n",
				n, compress, environments ? "existing" : "missing", Runtime.getRuntime().maxMemory() / 1048576);
		System.out.printf(Locale.ROOT, "  simulator (GitHub's limits, compressed): %s%n", describe(limits));
		System.out.printf(Locale.ROOT, "  client budgets (compressed): gap %.1f ms, writes %d / %.3f s and %d / %.1f s, "
				+ "points %d / %.3f s, %d in flight%n", clientLimits.mutationGap().toNanos() / 1e6,
				clientLimits.writesPerMinute().amount(), seconds(clientLimits.writesPerMinute().per()),
				clientLimits.writesPerHour().amount(), seconds(clientLimits.writesPerHour().per()),
				clientLimits.pointsPerMinute().amount(), seconds(clientLimits.pointsPerMinute().per()),
				clientLimits.concurrency());
		long setup = System.nanoTime();
		boolean synced;
		try (BenchWorld world = BenchWorld.start(limits)) {
			world.seed(n, environments);
			System.out.printf(Locale.ROOT, "setup: %s, %d token records stored in %.1f s%n", world.vault.describe(), n,
					(System.nanoTime() - setup) / 1e9);
			GitHubApi api = new GitHubApi(URI.create(world.github.url()));
			BrokerAssembly broker = new BrokerAssembly(world.broker(), world.layout, world.defaults, api, clientLimits,
					Clock.systemUTC());
			run("initial", broker, world, n, limits, clientLimits);
			run("no-change (same broker, as serve's next tick)", broker, world, n, limits, clientLimits);
			BrokerAssembly fresh = new BrokerAssembly(world.broker(), world.layout, world.defaults, api, clientLimits,
					Clock.systemUTC());
			run("no-change (fresh process, as a CLI 'sync')", fresh, world, n, limits, clientLimits);
			synced = BenchCheck.report(System.out, world.github, world.defaults, world.expected);
		}
		System.out.printf(Locale.ROOT, "process: peak RSS (VmHWM) %.0f MiB (JVM holding Vault client, engine and "
				+ "the simulator)%n", Memory.procStatusMiB(Memory.selfPid(), "VmHWM"));
		if (!synced) {
			System.exit(1);
		}
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

	private static double perSecond(SimulatorOptions.Limit limit) {
		return limit.limit() / seconds(limit.window());
	}

	/**
	 * The least time {@code units} can take within {@code limit} (at most N in any window W): the first N at
	 * once, then N more each window, so (units - 1) / N whole windows.
	 */
	private static double fastest(long units, SimulatorOptions.Limit limit) {
		return units <= 0 ? 0 : ((units - 1) / limit.limit()) * seconds(limit.window());
	}

	static String describe(SimulatorOptions limits) {
		return String.format(Locale.ROOT, "primary %d / %.1f s, content %d / %.3f s and %d / %.1f s, points %d / %.3f s, "
				+ "%d in flight, handling %d ms / %.3f s, per identity", limits.primary().limit(),
				seconds(limits.primary().window()), limits.contentPerMinute().limit(),
				seconds(limits.contentPerMinute().window()), limits.contentPerHour().limit(),
				seconds(limits.contentPerHour().window()), limits.points().limit(), seconds(limits.points().window()),
				limits.concurrent(), limits.cpuMillis().limit(), seconds(limits.cpuMillis().window()));
	}

	private static void run(String name, BrokerAssembly broker, BenchWorld world, int n, SimulatorOptions limits,
			GitHubLimits clientLimits) {
		world.github.limits(limits);
		SimCounters counters = world.github.counters();
		counters.reset();
		Memory.liveHeapMiB();
		Memory.resetPeaks();
		long start = System.nanoTime();
		SyncEngine engine = broker.engine(broker.github());
		SyncEngine.PlannedRun planned = engine.plan(Set.of(), Planner.Options.DEFAULT);
		long planned_ = System.nanoTime();
		long planRequests = counters.requests();
		long planPoints = counters.primaryPointsUsed();
		ApplyReport report = engine.apply(planned, WriteFence.NONE, result -> {
		});
		long end = System.nanoTime();
		double wall = (end - start) / 1e9;
		double planSeconds = (planned_ - start) / 1e9;
		double applySeconds = (end - planned_) / 1e9;
		long mutating = counters.mutatingRequests();
		double peak = Memory.peakHeapMiB();
		double live = Memory.liveHeapMiB();
		System.out.printf(Locale.ROOT, "%n== %s: %d bindings, plan %s, apply done=%d failed=%d blocked=%d%n", name, n,
				planned.plan().hasChanges() ? planned.plan().items().stream()
					.collect(java.util.stream.Collectors.groupingBy(item -> item.action().name(),
							java.util.TreeMap::new, java.util.stream.Collectors.counting()))
					: "no changes",
				report.count(ItemResult.Status.DONE), report.count(ItemResult.Status.FAILED),
				report.count(ItemResult.Status.BLOCKED));
		System.out.printf(Locale.ROOT, "  GitHub requests        %d (%.2f per binding; plan %d, apply %d)%n",
				counters.requests(), counters.requests() / (double) n, planRequests, counters.requests() - planRequests);
		System.out.printf(Locale.ROOT, "  primary points         %d (%.2f per binding; plan %d, apply %d); 304 answers %d%n",
				counters.primaryPointsUsed(), counters.primaryPointsUsed() / (double) n, planPoints,
				counters.primaryPointsUsed() - planPoints, counters.notModified());
		System.out.printf(Locale.ROOT, "  mutating requests      %d%n", mutating);
		if (planSeconds > 0 && planRequests > 0) {
			// Reads of the plan: 1 secondary point each; only the ones not answered 304 cost a primary point.
			double byPoints = fastest(planRequests, limits.points());
			double byPrimary = fastest(planPoints, limits.primary());
			System.out.printf(Locale.ROOT, "  read rate (plan)       %.1f/s over %.1f s; the fastest GitHub's limits allow for "
					+ "%d reads (%d charged): %.1f s (points %.1f s, primary %.1f s): %.0f%% of that pace%n",
					planRequests / planSeconds, planSeconds, planRequests, planPoints, Math.max(byPoints, byPrimary),
					byPoints, byPrimary, 100 * Math.max(byPoints, byPrimary) / planSeconds);
		}
		if (mutating > 0) {
			long applyPoints = counters.primaryPointsUsed() - planPoints;
			// Each of GitHub's limits a write spends, and how much of it the apply's writes spend.
			java.util.Map<String, Double> fastest = new java.util.LinkedHashMap<>();
			fastest.put("content per minute", fastest(mutating, limits.contentPerMinute()));
			fastest.put("content per hour", fastest(mutating, limits.contentPerHour()));
			fastest.put("points", fastest(5 * mutating, limits.points()));
			fastest.put("primary", fastest(applyPoints, limits.primary()));
			var tightest = java.util.Collections.max(fastest.entrySet(), java.util.Map.Entry.comparingByValue());
			double budget = fastest(mutating, new SimulatorOptions.Limit((int) clientLimits.writesPerHour().amount(),
					clientLimits.writesPerHour().per()));
			System.out.printf(Locale.ROOT, "  write rate (apply)     %.2f/s over %.1f s; the fastest GitHub's limits allow "
					+ "for %d writes: %.1f s, set by %s (all: %s): %.0f%% of that pace; the client's own budget "
					+ "(%d / %.1f s) allows %.1f s: %.0f%%%n", mutating / applySeconds, applySeconds, mutating,
					tightest.getValue(), tightest.getKey(), fastest, 100 * tightest.getValue() / applySeconds,
					clientLimits.writesPerHour().amount(), seconds(clientLimits.writesPerHour().per()), budget,
					100 * budget / applySeconds);
		}
		System.out.printf(Locale.ROOT, "  limit violations       %d %s%n", counters.limitViolations(),
				counters.violationsByLimit());
		System.out.printf(Locale.ROOT, "  peak use of each limit %s (limits: primary %d, content-per-minute %d, "
				+ "content-per-hour %d, points %d, concurrent %d, cpu %d ms)%n", counters.peaks(), limits.primary().limit(),
				limits.contentPerMinute().limit(), limits.contentPerHour().limit(), limits.points().limit(),
				limits.concurrent(), limits.cpuMillis().limit());
		System.out.printf(Locale.ROOT, "  by method and status   %s%n", counters.byMethodAndStatus());
		System.out.printf(Locale.ROOT, "  wall time              %.1f s (plan %.1f s, apply %.1f s)%n", wall, planSeconds,
				applySeconds);
		System.out.printf(Locale.ROOT, "  heap                   peak %.0f MiB, live after run %.0f MiB; RSS %.0f MiB%n", peak,
				live, Memory.procStatusMiB(Memory.selfPid(), "VmRSS"));
		System.out.flush();
	}

}
