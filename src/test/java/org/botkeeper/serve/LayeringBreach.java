package org.botkeeper.serve;

/**
 * Breaks the layering on purpose (serve reaching into the command line, starting the GitHub simulator
 * and a dev Vault, and closing a package cycle with {@code sync}'s breach), so that ArchitectureTests can
 * show its rules report a breach. Test sources only; never part of botkeeper.
 */
public final class LayeringBreach {

	picocli.CommandLine commandLine() {
		return org.botkeeper.cli.BotkeeperCommand.commandLine(java.io.InputStream.nullInputStream(), java.util.Map.of());
	}

	org.botkeeper.githubsim.GitHubSimulator simulator() {
		return org.botkeeper.githubsim.GitHubSimulator.start(org.botkeeper.githubsim.SimulatorOptions.defaults());
	}

	org.botkeeper.devvault.DevVaultLocator locator() {
		return org.botkeeper.devvault.DevVaultLocator.startedHere(java.util.List.of());
	}

	org.botkeeper.sync.LayeringBreach sync() {
		return new org.botkeeper.sync.LayeringBreach();
	}

}
