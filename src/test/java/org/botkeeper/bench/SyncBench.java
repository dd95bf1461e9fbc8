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
import org.botkeeper.service.BrokerAssembly;
import org.botkeeper.sync.ApplyReport;
import org.botkeeper.sync.ItemResult;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.SyncEngine;
import org.botkeeper.sync.WriteFence;

/**
 * {@code bench/sync-bench.sh}: N bindings in a real dev Vault, the GitHub simulator with GitHub's
 * limits compressed in time (same ratios), then an initial sync and no-change syncs through the
 * real engine and GitHub client. Prints figures, then checks that the simulator decrypts every
 * binding's value from Vault, and exits 1 when one does not ({@link BenchCheck}).
 *
 * <p>Arguments: {@code N [key=value...]} with keys {@code compress} (time compression factor, 60:
 * a minute becomes a second), {@code primaryPerHour} (5000), {@code writesPerMinute} (80),
 * {@code gapMargin} (1.05: the client's mutation gap is the compressed 60 s / writesPerMinute times
 * this), {@code gapMs} (overrides the margin), {@code environments} (existing|missing).
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
		int primaryPerHour = Integer.parseInt(opts.getOrDefault("primaryPerHour", "5000"));
		int writesPerMinute = Integer.parseInt(opts.getOrDefault("writesPerMinute", "80"));
		boolean environments = opts.getOrDefault("environments", "existing").equals("existing");
		Duration primaryWindow = Duration.ofNanos((long) (Duration.ofHours(1).toNanos() / compress));
		Duration mutationWindow = Duration.ofNanos((long) (Duration.ofMinutes(1).toNanos() / compress));
		Duration gap = opts.containsKey("gapMs") ? Duration.ofNanos((long) (Double.parseDouble(opts.get("gapMs")) * 1e6))
				: Duration.ofNanos((long) (mutationWindow.toNanos() / (double) writesPerMinute
						* Double.parseDouble(opts.getOrDefault("gapMargin", "1.05"))));
		SimulatorOptions limits = SimulatorOptions.defaults()
			.withPrimaryLimit(primaryPerHour, primaryWindow)
			.withMutationLimit(writesPerMinute, mutationWindow, true);
		double allowedWritesPerSecond = writesPerMinute / (mutationWindow.toNanos() / 1e9);

		System.out.printf(Locale.ROOT, "sync-bench: N=%d, time compressed %.0fx: primary %d points / %.1f s, "
				+ "secondary %d mutating requests / %.3f s (allowed %.1f/s), client mutation gap %.3f ms, "
				+ "environments %s; JVM max heap %d MiB%n", n, compress, primaryPerHour, primaryWindow.toMillis() / 1e3,
				writesPerMinute, mutationWindow.toMillis() / 1e3, allowedWritesPerSecond, gap.toNanos() / 1e6,
				environments ? "existing" : "missing", Runtime.getRuntime().maxMemory() / 1048576);
		long setup = System.nanoTime();
		boolean synced;
		try (BenchWorld world = BenchWorld.start(limits)) {
			world.seed(n, environments);
			System.out.printf(Locale.ROOT, "setup: %s, %d token records stored in %.1f s%n", world.vault.describe(), n,
					(System.nanoTime() - setup) / 1e9);
			GitHubApi api = new GitHubApi(URI.create(world.github.url()));
			GitHubLimits clientLimits = GitHubLimits.defaults().withMutationGap(gap);
			BrokerAssembly broker = new BrokerAssembly(world.broker(), world.layout, world.defaults, api, clientLimits,
					Clock.systemUTC());
			run("initial", broker, world, n, limits, allowedWritesPerSecond, primaryWindow, primaryPerHour);
			run("no-change (same broker, as serve's next tick)", broker, world, n, limits, allowedWritesPerSecond,
					primaryWindow, primaryPerHour);
			BrokerAssembly fresh = new BrokerAssembly(world.broker(), world.layout, world.defaults, api, clientLimits,
					Clock.systemUTC());
			run("no-change (fresh process, as a CLI 'sync')", fresh, world, n, limits, allowedWritesPerSecond,
					primaryWindow, primaryPerHour);
			synced = BenchCheck.report(System.out, world.github, world.defaults, world.expected);
		}
		System.out.printf(Locale.ROOT, "process: peak RSS (VmHWM) %.0f MiB (JVM holding Vault client, engine and "
				+ "the simulator)%n", Memory.procStatusMiB(Memory.selfPid(), "VmHWM"));
		if (!synced) {
			System.exit(1);
		}
	}

	private static void run(String name, BrokerAssembly broker, BenchWorld world, int n, SimulatorOptions limits,
			double allowedWritesPerSecond, Duration primaryWindow, int primaryPerHour) {
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
		double applySeconds = (end - planned_) / 1e9;
		long mutating = counters.mutatingRequests();
		double writeRate = applySeconds > 0 ? mutating / applySeconds : 0;
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
		if (mutating > 0) {
			double pointsPerSecond = primaryPerHour / (primaryWindow.toNanos() / 1e9);
			double applyPoints = counters.primaryPointsUsed() - planPoints;
			double primaryCeiling = pointsPerSecond * mutating / applyPoints;
			System.out.printf(Locale.ROOT,
					"  write rate (apply)     %.1f/s over %.1f s = %.1f%% of the secondary limit (%.1f/s); the primary "
							+ "limit alone allows %.1f/s at this run's %.2f points per write (%.1f%% of that)%n",
					writeRate, applySeconds, 100 * writeRate / allowedWritesPerSecond, allowedWritesPerSecond,
					Math.min(primaryCeiling, allowedWritesPerSecond), applyPoints / mutating,
					100 * writeRate / Math.min(primaryCeiling, allowedWritesPerSecond));
		}
		System.out.printf(Locale.ROOT, "  limit violations       %d%n", counters.limitViolations());
		System.out.printf(Locale.ROOT, "  by method and status   %s%n", counters.byMethodAndStatus());
		System.out.printf(Locale.ROOT, "  wall time              %.1f s (plan %.1f s, apply %.1f s)%n", wall,
				(planned_ - start) / 1e9, applySeconds);
		System.out.printf(Locale.ROOT, "  heap                   peak %.0f MiB, live after run %.0f MiB; RSS %.0f MiB%n", peak,
				live, Memory.procStatusMiB(Memory.selfPid(), "VmRSS"));
		System.out.flush();
	}

}
