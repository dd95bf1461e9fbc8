package org.botkeeper.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.broker.BrokerSettings;
import org.botkeeper.broker.ExpiryReminders;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.InvalidNameException;
import org.botkeeper.sync.ReminderPlanner;
import org.botkeeper.sync.RepositoryName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper remind}: one GitHub issue per token that expires soon or fails, where the admins work. */
@Command(name = "remind", sortOptions = false,
		description = { "Keeps one issue per binding whose token expires soon, or was found revoked or without access.",
				"In the admins' repository (--repository, or BOTKEEPER_REMINDER_REPOSITORY), labelled "
						+ ReminderPlanner.LABEL + ":",
				"opened when the token expires within the largest of BOTKEEPER_REMINDER_DAYS (default 30,14,3), updated",
				"when it crosses the next one, closed with a comment once a new token is in Vault. The expiry is GitHub's",
				"from the last 'token check' of the current token, else the one given to 'token put --expires'. An issue",
				"is found again by a hidden marker naming its binding, so runs never open a second one. Prints the plan,",
				"then applies it; --plan writes nothing. Runs as the broker; the writer credential needs 'issues: write'",
				"on the reminder repository. Exits 1 when GitHub refused an item.", "",
				"Examples:", "  botkeeper remind --plan --repository jupyterhub/team-compass",
				"  BOTKEEPER_REMINDER_REPOSITORY=jupyterhub/team-compass botkeeper remind --format json" })
final class RemindCommand implements java.util.concurrent.Callable<Integer> {

	@Mixin
	private BrokerContext context;

	@Mixin
	private TableOptions table;

	@Option(names = "--repository", paramLabel = "OWNER/REPO",
			description = "Where the issues go (default: BOTKEEPER_REMINDER_REPOSITORY).")
	private String repository;

	@Option(names = "--plan", description = "Show what would be opened, updated or closed, and why; write nothing.")
	private boolean planOnly;

	@Override
	public Integer call() {
		var only = context.repositories();
		var env = context.env();
		BrokerSettings.Reminders settings = BrokerSettings.reminders(env);
		RepositoryName where = where(settings);
		BrokerAssembly assembly = context.assemble(env);
		ExpiryReminders reminders = assembly.reminders(where, settings.days());
		List<ReminderPlanner.Item> plan = reminders.plan(only);
		List<ExpiryReminders.Outcome> outcomes = planOnly
				? plan.stream().map(item -> new ExpiryReminders.Outcome(item, item.issue(), Optional.empty())).toList()
				: reminders.apply(plan);
		print(where, outcomes);
		long failed = outcomes.stream().filter(outcome -> outcome.error().isPresent()).count();
		if (!table.json()) {
			long changes = plan.stream().filter(item -> item.action() != ReminderPlanner.Action.NONE).count();
			context.err().println(planOnly ? Output.count(changes, "change", "changes") + " planned in " + where
					+ "; nothing written (--plan)."
					: Output.count(changes - failed, "change", "changes") + " made in " + where
							+ (failed > 0 ? ", " + failed + " failed." : "."));
		}
		return failed == 0 ? ExitCodes.OK : ExitCodes.REMOTE_FAILURE;
	}

	private RepositoryName where(BrokerSettings.Reminders settings) {
		if (repository != null) {
			try {
				return RepositoryName.parse(repository);
			}
			catch (InvalidNameException ex) {
				throw UserFacingException.badInput("--repository: " + ex.getMessage());
			}
		}
		return settings.repository()
			.orElseThrow(() -> UserFacingException.badInput("No reminder repository: give --repository OWNER/REPO or set "
					+ BrokerSettings.Name.REMINDER_REPOSITORY.variable() + " (the repository where the admins keep "
					+ "their issues, e.g. jupyterhub/team-compass)."));
	}

	private void print(RepositoryName where, List<ExpiryReminders.Outcome> outcomes) {
		if (table.json()) {
			Map<String, Object> document = new LinkedHashMap<>();
			document.put("plan", planOnly);
			document.put("repository", where.toString());
			List<Object> items = new ArrayList<>();
			outcomes.forEach(outcome -> items.add(json(outcome)));
			document.put("items", items);
			Output.json(context.out(), document);
			return;
		}
		if (outcomes.isEmpty()) {
			context.err().println("No tokens in Vault and no reminder issues open in " + where + ".");
			return;
		}
		table.table(context.out(), List.of(planOnly ? "WOULD" : "DONE", "BINDING", "ISSUE", "REASON"),
				outcomes.stream().map(RemindCommand::row).toList());
	}

	private static List<String> row(ExpiryReminders.Outcome outcome) {
		ReminderPlanner.Item item = outcome.item();
		return Arrays.asList(outcome.error().isPresent() ? "failed " + item.action().label() : item.action().label(),
				item.repository().toString(), outcome.issue().map(number -> "#" + number).orElse(null),
				outcome.error().orElse(item.reason()));
	}

	private static Map<String, Object> json(ExpiryReminders.Outcome outcome) {
		ReminderPlanner.Item item = outcome.item();
		Map<String, Object> node = new LinkedHashMap<>();
		node.put("repository", item.repository().toString());
		node.put("action", item.action().name());
		node.put("issue", outcome.issue().orElse(null));
		node.put("title", item.title().isEmpty() ? null : item.title());
		node.put("reason", item.reason());
		node.put("error", outcome.error().orElse(null));
		return node;
	}

}
