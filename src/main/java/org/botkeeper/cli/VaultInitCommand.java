package org.botkeeper.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.vault.InitStep;
import org.botkeeper.vault.VaultBootstrap;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper vault init [--plan]}: mounts, policies and the broker's AppRole, idempotently. */
@Command(name = "init", mixinStandardHelpOptions = true,
		footerHeading = "%n", footer = ExitCodes.HELP_SECTION, sortOptions = false,
		description = { "Sets Vault up for botkeeper: mounts, policies, the broker's AppRole.",
				"Mounts the KV v2 and TOTP engines, writes the policies botkeeper-admin, -broker, -auditor and",
				"-breakglass (from vault-policies/), enables AppRole and creates the role botkeeper-broker for the",
				"sync service. Compares before writing: a second run changes nothing and says so.",
				"Needs a root token or an operator policy on sys/mounts, sys/auth and sys/policies/acl.", "",
				"Examples:", "  botkeeper vault init --plan", "  botkeeper vault init --kv-mount secret-bots --format json" })
final class VaultInitCommand implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Mixin
	private VaultOptions vault;

	@Mixin
	private FormatOption format;

	@Option(names = "--plan", description = "Show what would change; write nothing.")
	private boolean plan;

	@Override
	public void run() {
		VaultOptions.Session session = vault.open(BotkeeperCommand.env(spec));
		VaultBootstrap bootstrap = new VaultBootstrap(session.connection(), session.layout());
		List<InitStep> steps = plan ? bootstrap.plan() : bootstrap.apply();
		boolean changes = steps.stream().anyMatch(InitStep::changes);
		PrintWriter out = spec.commandLine().getOut();
		if (format.json()) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("plan", plan);
			json.put("changed", !plan && changes);
			json.put("steps", steps.stream()
				.map(step -> Map.of("target", step.target(), "action", step.action().label(), "detail", step.detail()))
				.toList());
			Output.json(out, json);
		}
		else {
			Output.table(out, List.of(plan ? "WOULD" : "DONE", "TARGET", "DETAIL"), steps.stream()
				.map(step -> List.of(step.action().label(), step.target(), step.detail()))
				.toList());
		}
		PrintWriter err = spec.commandLine().getErr();
		if (!changes) {
			err.println("Nothing changed: Vault is already set up for botkeeper.");
		}
		else if (plan) {
			err.println("Plan only; nothing was written. Run without --plan to apply.");
		}
		else {
			err.println("Vault is set up. Give the broker its AppRole credentials: read auth/approle/role/"
					+ VaultBootstrap.BROKER_ROLE + "/role-id and write -f auth/approle/role/"
					+ VaultBootstrap.BROKER_ROLE + "/secret-id (with the vault or bao CLI).");
		}
	}

}
