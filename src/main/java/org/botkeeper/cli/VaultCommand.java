package org.botkeeper.cli;

import picocli.CommandLine.Command;

/** {@code botkeeper vault}: prepares the Vault server (mounts, policies, AppRole). */
@Command(name = "vault", mixinStandardHelpOptions = true, subcommands = { VaultInitCommand.class,
		VaultPolicyCommand.class },
		description = { "Prepares Vault (or OpenBao) for botkeeper.", "", "Examples:",
				"  botkeeper vault init --plan", "  botkeeper vault policy maintainer --repo jupyterhub/binderhub" })
final class VaultCommand {
}
