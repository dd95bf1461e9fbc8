package org.botkeeper.cli;

import java.io.PrintWriter;
import java.util.Map;

import org.botkeeper.failure.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What a command that runs is handed, as a picocli mixin ({@code @Mixin CommandContext context}): stdout for
 * data, stderr for diagnostics, the environment and the terminal; and the help every such command has
 * (--help, --version, the exit codes as footer), so no command can forget them. A command that talks to
 * Vault takes its subclass {@link VaultContext}.
 */
@Command(mixinStandardHelpOptions = true, footerHeading = "%n", footer = ExitCodes.HELP_SECTION)
class CommandContext {

	@Spec(Spec.Target.MIXEE)
	private CommandSpec command;

	/** Where data goes: tables and JSON. */
	PrintWriter out() {
		return command.commandLine().getOut();
	}

	/** Where diagnostics go: progress, notes, warnings. */
	PrintWriter err() {
		return command.commandLine().getErr();
	}

	/** The environment settings come from (the process's, or a test's own map). */
	Map<String, String> env() {
		return BotkeeperCommand.env(command);
	}

	/** Stdin and the console, for secrets and questions. */
	Terminal terminal() {
		return BotkeeperCommand.terminal(command);
	}

	/** The commands the entry point added to the CLI's own ({@code demo}), for a command that builds the model again. */
	java.util.List<Class<?>> extraCommands() {
		return BotkeeperCommand.extraCommands(command);
	}

}
