package org.botkeeper.cli;

import picocli.CommandLine.Command;

/** {@code botkeeper vault policy}: generates policies that vault init does not write (per team). */
@Command(name = "policy", mixinStandardHelpOptions = true, subcommands = { MaintainerPolicyCommand.class },
		description = { "Generates per-team policies.", "", "Examples:",
				"  botkeeper vault policy maintainer --repo jupyterhub/binderhub",
				"  botkeeper vault policy maintainer --name botkeeper-maintainer-hub --repo jupyterhub/jupyterhub --write" })
final class VaultPolicyCommand {
}
