package org.botkeeper.serve;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.broker.ExpiryReminders;
import org.botkeeper.broker.TokenCheck;
import org.botkeeper.sync.ReminderPlanner;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.TokenHealth;
import org.springframework.context.SmartLifecycle;

/**
 * serve's slow tasks, each at a fixed delay of its own on one thread apart from the sync runs: {@code token
 * check} (what the reminders and sync learn about each token) and the expiry reminders. Each runs once at
 * start-up, then every interval; a failed run is logged in one line and the next one runs as usual. A task
 * whose interval is zero is off.
 */
public final class DailyTasks implements SmartLifecycle {

	private static final Log log = LogFactory.getLog(DailyTasks.class);

	/** One task: its name in the log, how often, and what it does (it logs its own one-line summary). */
	public record Task(String name, Duration interval, Runnable run) {

	}

	private final List<Task> tasks;

	private ScheduledThreadPoolExecutor executor;

	/** @param tasks in the order they first run at start-up (token check before the reminders that read it) */
	public DailyTasks(List<Task> tasks) {
		this.tasks = tasks.stream().filter(task -> task.interval().isPositive()).toList();
	}

	/** The token check of every binding, as {@code botkeeper token check} runs it. */
	static Task tokenCheck(BrokerAssembly assembly, Duration interval) {
		return new Task("Token check", interval, () -> {
			List<TokenCheck.Checked> results = assembly.tokenCheck(TokenHealth.NEEDED_SCOPES).check(Set.of());
			long unhealthy = results.stream().filter(result -> !result.healthy()).count();
			log.info("Token check: " + results.size() + " checked, " + unhealthy + " need attention");
		});
	}

	/** {@code botkeeper remind}: plans and applies the reminder issues in {@code repository}. */
	static Task reminders(BrokerAssembly assembly, RepositoryName repository, List<Integer> days, Duration interval) {
		return new Task("Expiry reminders", interval, () -> {
			ExpiryReminders reminders = assembly.reminders(repository, days);
			List<ExpiryReminders.Outcome> outcomes = reminders.apply(reminders.plan(Set.of()));
			log.info("Expiry reminders in " + repository + ": " + count(outcomes, ReminderPlanner.Action.CREATE)
					+ " opened, " + count(outcomes, ReminderPlanner.Action.UPDATE) + " updated, "
					+ count(outcomes, ReminderPlanner.Action.CLOSE) + " closed, "
					+ outcomes.stream().filter(outcome -> outcome.error().isPresent()).count() + " failed");
		});
	}

	private static long count(List<ExpiryReminders.Outcome> outcomes, ReminderPlanner.Action action) {
		return outcomes.stream()
			.filter(outcome -> outcome.item().action() == action && outcome.error().isEmpty())
			.count();
	}

	@Override
	public synchronized void start() {
		if (tasks.isEmpty()) {
			return;
		}
		executor = new ScheduledThreadPoolExecutor(1, runnable -> {
			Thread thread = new Thread(runnable, "botkeeper-daily");
			thread.setDaemon(true);
			return thread;
		});
		executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		for (Task task : tasks) {
			executor.scheduleWithFixedDelay(() -> run(task), 0, task.interval().toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private static void run(Task task) {
		try {
			task.run().run();
		}
		catch (RuntimeException ex) {
			// Caught: an exception would end a fixed-delay task for good. The message is ours, never a value.
			log.warn(task.name() + " failed (runs again in " + org.botkeeper.broker.BrokerSettings.show(task.interval())
					+ "): " + ex.getMessage());
		}
	}

	@Override
	public synchronized void stop() {
		if (executor != null) {
			executor.shutdownNow();
			executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return executor != null;
	}

}
