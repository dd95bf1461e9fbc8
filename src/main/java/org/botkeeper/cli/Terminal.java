package org.botkeeper.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Where secrets come in: a no-echo prompt on a real console, otherwise standard input. Never argv,
 * so a secret stays out of shell history and {@code /proc/PID/cmdline}.
 */
public final class Terminal {

	private final InputStream stdin;

	private final Tty console;

	private BufferedReader reader;

	private Terminal(InputStream stdin, Tty console) {
		this.stdin = stdin;
		this.console = console;
	}

	static Terminal system() {
		Console console = System.console();
		return new Terminal(System.in, (console != null && isTerminal(console)) ? new ConsoleTty(console) : null);
	}

	/**
	 * A terminal where a person types {@code answers} in order, one per prompt or question: for tests of
	 * what commands do when someone is there (no-echo prompts, confirmations, refusing to show secrets).
	 */
	public static Terminal scripted(InputStream stdin, List<String> answers) {
		Deque<String> remaining = new ArrayDeque<>(answers);
		return new Terminal(stdin, new Tty() {

			@Override
			public char[] readPassword(String prompt) {
				String answer = remaining.poll();
				return answer == null ? null : answer.toCharArray();
			}

			@Override
			public String readLine(String prompt) {
				return remaining.poll();
			}

		});
	}

	/**
	 * Since JDK 22 {@code System.console()} returns a console even when stdin is a pipe, and only
	 * {@code Console.isTerminal()} (22+) tells. We compile for 21, where a console means a terminal.
	 */
	private static boolean isTerminal(Console console) {
		try {
			return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
		}
		catch (ReflectiveOperationException ex) {
			return true;
		}
	}

	static Terminal pipe(InputStream stdin) {
		return new Terminal(stdin, null);
	}

	/** True when a person sits at a terminal: prompts and confirmations make sense. */
	public boolean interactive() {
		return console != null;
	}

	/**
	 * Reads one secret: from a no-echo prompt on a terminal, else the first line of stdin. The caller
	 * owns the returned array and should zero it when done.
	 */
	public char[] readSecret(String prompt) {
		if (console != null) {
			char[] value = console.readPassword(prompt + ": ");
			return value == null ? new char[0] : value;
		}
		String line = readLine();
		return line == null ? new char[0] : line.toCharArray();
	}

	/** Reads all of stdin (e.g. a PEM private key). */
	public char[] readAll() {
		try {
			return new String(stdin.readAllBytes(), StandardCharsets.UTF_8).toCharArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A yes/no question on the terminal; false when nobody is there to answer. */
	public boolean confirm(String question) {
		if (console == null) {
			return false;
		}
		String answer = console.readLine(question + " [y/N] ");
		return answer != null && (answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes"));
	}

	private String readLine() {
		try {
			if (reader == null) {
				reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
			}
			return reader.readLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The part of a console a command uses; {@link Console} in a real process. */
	private interface Tty {

		char[] readPassword(String prompt);

		String readLine(String prompt);

	}

	private record ConsoleTty(Console console) implements Tty {

		@Override
		public char[] readPassword(String prompt) {
			return console.readPassword("%s", prompt);
		}

		@Override
		public String readLine(String prompt) {
			return console.readLine("%s", prompt);
		}

	}

}
