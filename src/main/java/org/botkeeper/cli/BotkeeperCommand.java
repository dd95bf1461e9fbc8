package org.botkeeper.cli;

import java.io.InputStream;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root command. Subcommands register here; each lives in a class of its own.
 */
@Command(name = "botkeeper", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		synopsisHeading = "Usage:%n", customSynopsis = "  botkeeper [-hV] COMMAND [ARGS...]",
		description = { "", "Keeps a GitHub organisation's shared bot account in Vault (or OpenBao) and syncs each",
				"repository's token into that repository's GitHub Actions environment secret.", "",
				"Examples:", "  botkeeper --version", "  botkeeper help" },
		commandListHeading = "%nCommands:%n", footerHeading = "%n", footer = ExitCodes.HELP_SECTION,
		subcommands = { CommandLine.HelpCommand.class })
public final class BotkeeperCommand implements Runnable {

	@CommandLine.Spec
	private CommandLine.Model.CommandSpec spec;

	private final Terminal terminal;

	private BotkeeperCommand(Terminal terminal) {
		this.terminal = terminal;
	}

	/** The command line of a real process: stdin, and the console when there is one. */
	public static CommandLine commandLine() {
		return create(Terminal.system());
	}

	/** The command line reading {@code stdin} as a non-interactive pipe; tests set out and err too. */
	public static CommandLine commandLine(InputStream stdin) {
		return create(Terminal.pipe(stdin));
	}

	private static CommandLine create(Terminal terminal) {
		CommandLine commandLine = new CommandLine(new BotkeeperCommand(terminal));
		commandLine.setExecutionExceptionHandler(new ErrorReporter());
		return commandLine;
	}

	/** How a subcommand reaches stdin and the console: {@code BotkeeperCommand.terminal(spec)}. */
	static Terminal terminal(CommandLine.Model.CommandSpec spec) {
		return ((BotkeeperCommand) spec.root().userObject()).terminal;
	}

	@Override
	public void run() {
		// No subcommand: show usage on stderr and say so with the bad-input code.
		throw new CommandLine.ParameterException(spec.commandLine(), "Missing command.");
	}

}
