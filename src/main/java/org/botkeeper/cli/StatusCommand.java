package org.botkeeper.cli;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.botkeeper.service.BrokerAssembly;
import org.botkeeper.service.StatusDocument;
import org.botkeeper.sync.BindingStatus;
import org.botkeeper.sync.Planner;
import org.botkeeper.sync.StatusReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper status}: every binding's last outcome, token expiry and drift, read-only. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Shows each binding's sync state, token expiry and drift.", "",
				"Shows, per binding, the last sync outcome and time, the token's expiry and whether the",
				"GitHub secret drifted. Reads Vault and GitHub (conditional requests); writes nothing.", "",
				"Examples:", "  botkeeper status", "  botkeeper status --format json | jq '.summary'" })
final class StatusCommand implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Mixin
	private BrokerOptions broker;

	@Mixin
	private FormatOption format;

	@Override
	public void run() {
		var repositories = broker.repositories();
		BrokerAssembly assembly = broker.assemble(BotkeeperCommand.env(spec));
		StatusReport report = assembly.engine(assembly.github())
			.plan(repositories, Planner.Options.DEFAULT)
			.status(Instant.now());
		var out = spec.commandLine().getOut();
		if (format.json()) {
			Output.json(out, StatusDocument.of(report, Optional.empty()));
			return;
		}
		Output.table(out, List.of("BINDING", "STATE", "VAULT", "PUSHED", "LAST SYNC", "EXPIRES", "DRIFT", "DETAIL"),
				report.bindings().stream().map(StatusCommand::row).toList());
		spec.commandLine().getErr().printf("%d bindings: %d synced, %d failing, %d expiring within %d days.%n",
				report.bindings().size(), report.synced(), report.failing(), report.expiringSoon(),
				BindingStatus.EXPIRY_WARNING_DAYS);
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
