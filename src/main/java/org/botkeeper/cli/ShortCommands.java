package org.botkeeper.cli;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.botkeeper.failure.ExitCodes;

import picocli.CommandLine;

/**
 * The commands a person types most, run as typed without picocli: {@code --version}, {@code totp},
 * {@code totp code} and {@code account password}, each exactly so, with no option. picocli's classes are
 * compiled for Java 5, which the JDK's ahead-of-time cache does not keep, and building a command's model
 * reflects over its annotations: together about half of what {@code botkeeper totp} spends before it asks
 * Vault. Anything else (an option, {@code --help}, a typo) is left to picocli, and so is every failure
 * of these commands: the exception goes to the same {@link ErrorReporter} on a command line built then,
 * so messages, colours and exit codes are those of the full CLI ({@code ShortCommandsIntegrationTests}
 * runs each command both ways and compares).
 */
public final class ShortCommands {

	private static final List<List<String>> VERSION = List.of(List.of("--version"), List.of("-V"));

	private ShortCommands() {
	}

	/**
	 * Runs {@code args} when they are one of the short commands, writing where picocli would (stdout and
	 * stderr, in the charset picocli picks); empty when they are not, and picocli should run them.
	 */
	public static OptionalInt run(Terminal terminal, Map<String, String> env, List<Class<?>> extraCommands,
			String... args) {
		if (!handles(args)) {
			return OptionalInt.empty();
		}
		// picocli's own writers: autoflush, in the charset of sun.stdout.encoding, else the default one.
		return run(terminal, env, extraCommands, writer(System.out, System.getProperty("sun.stdout.encoding")),
				writer(System.err, System.getProperty("sun.stderr.encoding")), args);
	}

	/** {@link #run(Terminal, Map, List, String...)} writing to {@code out} and {@code err}. */
	public static OptionalInt run(Terminal terminal, Map<String, String> env, List<Class<?>> extraCommands,
			PrintWriter out, PrintWriter err, String... args) {
		if (!handles(args)) {
			return OptionalInt.empty();
		}
		List<String> command = Arrays.asList(args);
		if (VERSION.contains(command)) {
			for (String line : Version.lines()) {
				out.println(line);
			}
			out.flush();
			return OptionalInt.of(ExitCodes.OK);
		}
		CommandContext.Direct direct = new CommandContext.Direct(out, err, env, terminal);
		try {
			if (command.get(0).equals("totp")) {
				new TotpCodeOptions().print(new CommandContext().direct(direct));
			}
			else {
				AccountPasswordCommand.withDefaults(new VaultContext().direct(direct)).run();
			}
			return OptionalInt.of(ExitCodes.OK);
		}
		catch (RuntimeException ex) {
			// Rare and not worth a fast path: picocli's command line says it, as it would have.
			CommandLine commandLine = BotkeeperCommand.commandLineFor(terminal, env, extraCommands, args);
			commandLine.setOut(out);
			commandLine.setErr(err);
			return OptionalInt.of(new ErrorReporter().handleExecutionException(ex, commandLine, null));
		}
	}

	/** Whether {@code args} are exactly one of the short commands. */
	public static boolean handles(String... args) {
		List<String> command = Arrays.asList(args);
		return VERSION.contains(command) || command.equals(List.of("totp")) || command.equals(List.of("totp", "code"))
				|| command.equals(List.of("account", "password"));
	}

	private static PrintWriter writer(OutputStream stream, String encoding) {
		Charset charset;
		try {
			charset = encoding == null ? Charset.defaultCharset()
					: Charset.forName("cp65001".equalsIgnoreCase(encoding) ? "UTF-8" : encoding);
		}
		catch (RuntimeException ex) {
			charset = Charset.defaultCharset();
		}
		return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
	}

}
