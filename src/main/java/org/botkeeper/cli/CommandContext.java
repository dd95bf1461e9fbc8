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

	/** What a command run by {@link ShortCommands} is handed instead of its spec; null under picocli. */
	private Direct direct;

	/** The streams, environment and terminal of a command that runs without picocli. */
	record Direct(PrintWriter out, PrintWriter err, Map<String, String> env, Terminal terminal) {
	}

	/** This context, answering from {@code direct} (for {@link ShortCommands}). */
	<C extends CommandContext> C direct(Direct given) {
		this.direct = given;
		@SuppressWarnings("unchecked")
		C self = (C) this;
		return self;
	}

	/** Where data goes: tables and JSON. */
	PrintWriter out() {
		return direct != null ? direct.out() : command.commandLine().getOut();
	}

	/** Where diagnostics go: progress, notes, warnings. */
	PrintWriter err() {
		return direct != null ? direct.err() : command.commandLine().getErr();
	}

	/** The environment settings come from (the process's, or a test's own map). */
	Map<String, String> env() {
		return direct != null ? direct.env() : BotkeeperCommand.env(command);
	}

	/** Stdin and the console, for secrets and questions. */
	Terminal terminal() {
		return direct != null ? direct.terminal() : BotkeeperCommand.terminal(command);
	}

	/** The commands the entry point added to the CLI's own ({@code demo}), for a command that builds the model again. */
	java.util.List<Class<?>> extraCommands() {
		return direct != null ? java.util.List.of() : BotkeeperCommand.extraCommands(command);
	}

}
