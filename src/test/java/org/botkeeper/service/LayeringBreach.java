package org.botkeeper.service;

/**
 * Breaks the layering on purpose (the service reaching into the command line and starting the GitHub
 * simulator), so that ArchitectureTests can show its rules report a breach. Test sources only; never
 * part of botkeeper.
 */
public final class LayeringBreach {

	picocli.CommandLine commandLine() {
		return org.botkeeper.cli.BotkeeperCommand.commandLine(java.io.InputStream.nullInputStream(), java.util.Map.of());
	}

	org.botkeeper.githubsim.GitHubSimulator simulator() {
		return org.botkeeper.githubsim.GitHubSimulator.start(org.botkeeper.githubsim.SimulatorOptions.defaults());
	}

}
