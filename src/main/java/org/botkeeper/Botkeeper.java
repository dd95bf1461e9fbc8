package org.botkeeper;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.botkeeper.cli.BotkeeperCommand;
import org.botkeeper.cli.ShortCommands;
import org.botkeeper.cli.Terminal;
import org.botkeeper.demo.DemoCommand;
import picocli.CommandLine;

/**
 * The {@code botkeeper} command: parses the command line and exits with the command's code. It assembles
 * the CLI with {@code demo}, which lives outside {@code cli} because it starts the GitHub simulator and a
 * dev Vault, and uses the CLI to run the real commands: so {@code cli} never depends on it.
 */
public final class Botkeeper {

	private static final List<Class<?>> BESIDE_THE_CLI = List.of(DemoCommand.class);

	private Botkeeper() {
	}

	public static void main(String[] args) {
		Terminal terminal = Terminal.system();
		Map<String, String> env = System.getenv();
		System.exit(ShortCommands.run(terminal, env, BESIDE_THE_CLI, args)
			.orElseGet(() -> commandLineFor(terminal, env, args).execute(args)));
	}

	/**
	 * The command line a process runs {@code args} with: only the command they name is built (see
	 * {@link BotkeeperCommand#commandLineFor}), which behaves as the whole command line does for them.
	 */
	public static CommandLine commandLineFor(Terminal terminal, Map<String, String> env, String... args) {
		return BotkeeperCommand.commandLineFor(terminal, env, BESIDE_THE_CLI, args);
	}

	/** The whole command line, {@code demo} included, with {@code terminal} and {@code env}. */
	public static CommandLine commandLine(Terminal terminal, Map<String, String> env) {
		return BotkeeperCommand.commandLine(terminal, env, BESIDE_THE_CLI);
	}

	/** {@link #commandLine(Terminal, Map)} reading {@code stdin} as a non-interactive pipe. */
	public static CommandLine commandLine(InputStream stdin, Map<String, String> env) {
		return commandLine(Terminal.pipe(stdin), env);
	}

}
