package org.botkeeper.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code botkeeper vault}: prepares the Vault server (mounts, policies, AppRole). */
@Command(name = "vault", mixinStandardHelpOptions = true, subcommands = { VaultInitCommand.class,
		VaultPolicyCommand.class },
		description = { "Prepares Vault (or OpenBao) for botkeeper.", "", "Examples:",
				"  botkeeper vault init --plan", "  botkeeper vault policy maintainer --repo jupyterhub/binderhub" })
final class VaultCommand implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	@Override
	public void run() {
		throw new CommandLine.ParameterException(spec.commandLine(), "Missing command.");
	}

}
