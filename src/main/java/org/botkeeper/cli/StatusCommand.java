package org.botkeeper.cli;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.service.BrokerAssembly;
import org.botkeeper.service.StatusDocument;
import org.botkeeper.sync.Action;
import org.botkeeper.sync.BindingStatus;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.StatusReport;
import org.botkeeper.sync.SyncEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper status}: every binding's last outcome, token expiry and drift, read-only. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Shows each binding's sync state, token expiry and drift.", "",
				"Shows, per binding, the last sync outcome and time, the token's expiry and whether the",
				"GitHub secret drifted. Reads Vault and GitHub (conditional requests); writes nothing.", "",
				"Examples:", "  botkeeper status", "  botkeeper status --format json | jq '.summary'", "",
				"Exit codes: 0 shown; 1 Vault or GitHub failed, or some bindings could not be looked at (each is listed);",
				"2 bad input." })
final class StatusCommand implements java.util.concurrent.Callable<Integer> {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Mixin
	private BrokerOptions broker;

	@Mixin
	private FormatOption format;

	@Override
	public Integer call() {
		var repositories = broker.repositories();
		BrokerAssembly assembly = broker.assemble(BotkeeperCommand.env(spec));
		SyncEngine.PlannedRun planned = assembly.engine(assembly.github()).plan(repositories, Planner.Options.DEFAULT);
		StatusReport report = planned.status(Instant.now());
		// A binding Vault or GitHub could not be asked about is not known to be fine: say so in the exit code.
		long failed = planned.plan().count(Action.FAILED);
		int exit = failed > 0 ? ExitCodes.REMOTE_FAILURE : ExitCodes.OK;
		var out = spec.commandLine().getOut();
		if (format.json()) {
			Output.json(out, StatusDocument.of(report, Optional.empty()));
			return exit;
		}
		Output.table(out, List.of("BINDING", "STATE", "VAULT", "PUSHED", "LAST SYNC", "EXPIRES", "DRIFT", "DETAIL"),
				report.bindings().stream().map(StatusCommand::row).toList());
		spec.commandLine().getErr().printf("%d bindings: %d synced, %d failing, %d expiring within %d days.%n",
				report.bindings().size(), report.synced(), report.failing(), report.expiringSoon(),
				BindingStatus.EXPIRY_WARNING_DAYS);
		if (failed > 0) {
			spec.commandLine().getErr().println(PlanView.notPlanned(failed));
		}
		return exit;
	}

	private static List<String> row(BindingStatus status) {
		String state = status.failing() ? "FAILING" : status.synced() ? "SYNCED" : "PENDING";
		String expires = status.daysToExpiry().map(days -> days + "d" + (status.expiringSoon() ? " (!)" : "")).orElse(null);
		String detail = status.failing() ? status.lastMessage().orElse(status.pendingReason().sentence())
				: status.pendingReason().sentence();
		return Arrays.asList(status.binding().toString(), state, String.valueOf(status.vaultVersion()),
				String.valueOf(status.pushedVersion()), status.lastSyncedAt().map(at -> at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).orElse(null), expires,
				status.drift() ? "yes" : "no", detail);
	}

}
