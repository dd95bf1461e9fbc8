package org.botkeeper.testsupport;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.botkeeper.Botkeeper;
import org.botkeeper.cli.ShortCommands;
import org.botkeeper.cli.Terminal;

/**
 * Runs the real command line in-process with injected streams (never {@code System.setIn}), as
 * {@code Botkeeper.main} does (the few {@link ShortCommands} without picocli, all else through it), and
 * checks both outputs for leaked canaries before handing them to the test.
 *
 * @param terminalReads what a person at a {@link #onTerminal scripted terminal} was asked, and whether
 * echo was off each time; empty for runs without one
 */
public record CliRun(int exitCode, String out, String err, List<Terminal.Read> terminalReads) {

	public CliRun(int exitCode, String out, String err) {
		this(exitCode, out, err, List.of());
	}

	public static CliRun run(String... args) {
		return withStdin("", args);
	}

	public static CliRun withStdin(String stdin, String... args) {
		return withEnv(System.getenv(), stdin, args);
	}

	/** Runs with {@code env} in place of the process environment (VAULT_ADDR, VAULT_TOKEN, BOTKEEPER_*). */
	public static CliRun withEnv(Map<String, String> env, String stdin, String... args) {
		return execute(Terminal.pipe(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), env, args);
	}

	/** Runs as if a person sat at a terminal and typed {@code answers}, one per prompt or question. */
	public static CliRun onTerminal(Map<String, String> env, List<String> answers, String... args) {
		Terminal terminal = Terminal.scripted(new ByteArrayInputStream(new byte[0]), answers);
		CliRun run = execute(terminal, env, args);
		return new CliRun(run.exitCode(), run.out(), run.err(), terminal.reads());
	}

	/** Runs with {@code stdin} piped in while stdout is a terminal ({@code echo ... | botkeeper ...} at a screen). */
	public static CliRun pipedToTerminal(Map<String, String> env, String stdin, String... args) {
		return execute(Terminal.pipe(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), true), env, args);
	}

	private static CliRun execute(Terminal terminal, Map<String, String> env, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		PrintWriter outWriter = new PrintWriter(out, true);
		PrintWriter errWriter = new PrintWriter(err, true);
		int code = ShortCommands.run(terminal, env, List.of(), outWriter, errWriter, args).orElseGet(() -> {
			picocli.CommandLine commandLine = Botkeeper.commandLine(terminal, env);
			commandLine.setOut(outWriter);
			commandLine.setErr(errWriter);
			return commandLine.execute(args);
		});
		CliRun run = new CliRun(code, out.toString(), err.toString());
		String command = LeakCanaries.redact(String.join(" ", args));
		LeakCanaries.assertNoLeak("stdout of 'botkeeper " + command + "'", run.out);
		LeakCanaries.assertNoLeak("stderr of 'botkeeper " + command + "'", run.err);
		return run;
	}

	/** For assertion messages: the command's stderr, which says why it did what it did. */
	public String describe() {
		return "exit " + exitCode + ", stderr:\n" + err;
	}

}
