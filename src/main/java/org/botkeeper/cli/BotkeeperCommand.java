package org.botkeeper.cli;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.botkeeper.failure.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The root command. Subcommands register here; each lives in a class of its own. Commands from packages
 * the CLI must not depend on (the demo, which starts the GitHub simulator) are handed in by the entry
 * point, {@code org.botkeeper.Botkeeper}. Like every group, it runs nothing itself: invoked bare, picocli
 * reports the missing subcommand, which {@link ArgvErrorReporter} prints with the usage and exit code 2.
 */
@Command(name = "botkeeper", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		synopsisHeading = "Usage:%n", customSynopsis = "  botkeeper [-hV] COMMAND [ARGS...]",
		description = { "", "Keeps a GitHub organisation's shared bot account in Vault (or OpenBao) and syncs each",
				"repository's token into that repository's GitHub Actions environment secret.", "",
				"Vault connection, as for the vault CLI: VAULT_ADDR, VAULT_TOKEN (else ~/.vault-token), VAULT_CACERT,",
				"VAULT_CAPATH, VAULT_CLIENT_CERT, VAULT_CLIENT_KEY, VAULT_NAMESPACE. TLS verification stays on:",
				"VAULT_SKIP_VERIFY is refused. Mounts and defaults: BOTKEEPER_ACCOUNT (one of several bots),",
				"BOTKEEPER_KV_MOUNT, BOTKEEPER_TOTP_MOUNT, BOTKEEPER_ENVIRONMENT, BOTKEEPER_SECRET_NAME (see each",
				"command's --help).", "",
				"Examples:", "  botkeeper vault init --plan", "  botkeeper totp --fresh" },
		commandListHeading = "%nCommands:%n", footerHeading = "%n", footer = ExitCodes.HELP_SECTION)
public final class BotkeeperCommand {

	/**
	 * The commands, in the order help lists them. Added in {@link #create} rather than named in
	 * {@code @Command(subcommands)}, so that a run of one command can leave the others out: picocli builds a
	 * command's whole model (reflection over every option of every subcommand) before it parses anything,
	 * which was most of the start-up of a short command such as {@code botkeeper totp}.
	 */
	private static final List<Class<?>> COMMANDS = List.of(CommandLine.HelpCommand.class, VaultCommand.class,
			AccountCommand.class, TotpCommand.class, WriterCommand.class, TokenCommand.class, OrgSecretCommand.class,
			BotTokenCommand.class,
			LoginCommand.class, SyncCommand.class, StatusCommand.class, ServeCommand.class, InvitationsCommand.class,
			GuardrailsCommand.class, AccessCommand.class, AuditCommand.class, CompletionCommand.class, HealthCommand.class,
			OidcCommand.class, FootprintCommand.class, RemindCommand.class);

	private final Terminal terminal;

	private final Map<String, String> env;

	private final List<Class<?>> extraCommands;

	private BotkeeperCommand(Terminal terminal, Map<String, String> env, List<Class<?>> extraCommands) {
		this.terminal = terminal;
		this.env = Map.copyOf(env);
		this.extraCommands = List.copyOf(extraCommands);
	}

	/** The command line of a real process: stdin, and the console when there is one. */
	public static CommandLine commandLine() {
		return create(Terminal.system(), System.getenv());
	}

	/** The command line reading {@code stdin} as a non-interactive pipe; tests set out and err too. */
	public static CommandLine commandLine(InputStream stdin) {
		return create(Terminal.pipe(stdin), System.getenv());
	}

	/**
	 * Like {@link #commandLine(InputStream)} with {@code env} in place of the process environment
	 * (VAULT_ADDR, VAULT_TOKEN, BOTKEEPER_*), so tests never touch the real one.
	 */
	public static CommandLine commandLine(InputStream stdin, Map<String, String> env) {
		return create(Terminal.pipe(stdin), env);
	}

	/** The command line with a given terminal (e.g. {@link Terminal#scripted}) and environment. */
	public static CommandLine commandLine(Terminal terminal, Map<String, String> env) {
		return create(terminal, env);
	}

	/**
	 * The command line with {@code extraCommands} (picocli {@code @Command} classes) added after the CLI's
	 * own, configured like them.
	 */
	public static CommandLine commandLine(Terminal terminal, Map<String, String> env, List<Class<?>> extraCommands) {
		return create(terminal, env, extraCommands);
	}

	private static CommandLine create(Terminal terminal, Map<String, String> env) {
		return create(terminal, env, List.<Class<?>>of());
	}

	/**
	 * The command line for running {@code args} once, as a process does: only the command {@code args} name
	 * is built when they start with the exact name of one (not {@code help}, which lists them all), and none
	 * for a bare {@code --version}. Parsing, help, errors and exit codes are those of the whole command line,
	 * because a command's model does not depend on its siblings; anything else (no command, an option first,
	 * a mistyped name that picocli should suggest a command for) gets the whole command line.
	 */
	public static CommandLine commandLineFor(Terminal terminal, Map<String, String> env, List<Class<?>> extraCommands,
			String... args) {
		List<Class<?>> all = new java.util.ArrayList<>(COMMANDS);
		all.addAll(extraCommands);
		if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
			return create(terminal, env, extraCommands, List.of());
		}
		if (args.length > 0 && !args[0].equals("help")) {
			for (Class<?> command : all) {
				if (args[0].equals(command.getAnnotation(Command.class).name())) {
					return create(terminal, env, extraCommands, List.of(command));
				}
			}
		}
		return create(terminal, env, extraCommands, all);
	}

	private static CommandLine create(Terminal terminal, Map<String, String> env, List<Class<?>> extraCommands) {
		List<Class<?>> all = new java.util.ArrayList<>(COMMANDS);
		all.addAll(extraCommands);
		return create(terminal, env, extraCommands, all);
	}

	private static CommandLine create(Terminal terminal, Map<String, String> env, List<Class<?>> extraCommands,
			List<Class<?>> commands) {
		CommandLine commandLine = new CommandLine(new BotkeeperCommand(terminal, env, extraCommands));
		for (Class<?> command : commands) {
			commandLine.addSubcommand(command);
		}
		commandLine.setExecutionExceptionHandler(new ErrorReporter());
		commandLine.setParameterExceptionHandler(new ArgvErrorReporter());
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		// Help lines are written to fit 120 columns; picocli's default of 80 would break them mid-sentence.
		commandLine.setUsageHelpWidth(120);
		return commandLine;
	}

	/** The environment the command reads its settings from (the process's, or a test's own map). */
	static Map<String, String> env(CommandLine.Model.CommandSpec spec) {
		return ((BotkeeperCommand) spec.root().userObject()).env;
	}

	/** The commands the entry point added to the CLI's own, for a command that builds the model again. */
	static List<Class<?>> extraCommands(CommandLine.Model.CommandSpec spec) {
		return ((BotkeeperCommand) spec.root().userObject()).extraCommands;
	}

	/** How a subcommand reaches stdin and the console: {@code BotkeeperCommand.terminal(spec)}. */
	static Terminal terminal(CommandLine.Model.CommandSpec spec) {
		return ((BotkeeperCommand) spec.root().userObject()).terminal;
	}

}
