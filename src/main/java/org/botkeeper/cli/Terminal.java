package org.botkeeper.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import org.botkeeper.failure.UserFacingException;

/**
 * Where secrets come in: a no-echo prompt on the controlling terminal when stdin is a terminal, whatever
 * stdout is ({@code token put > out.txt} and {@code account set | tee log} prompt on the screen with echo
 * off and keep the prompt out of the file), otherwise standard input, which is how scripts feed secrets.
 * Never argv, so a secret stays out of shell history and {@code /proc/PID/cmdline}. Whether stdout is a
 * terminal is a separate question, for commands that refuse to print a secret on a screen.
 */
public final class Terminal {

	private final InputStream stdin;

	private final Supplier<Boolean> stdinTerminal;

	private final Supplier<Tty> console;

	private final Supplier<Boolean> stdoutTerminal;

	private final List<Read> reads;

	private BufferedReader reader;

	/**
	 * One answer a scripted person typed: the prompt they saw, and whether it was read with echo off (a
	 * secret's prompt) or as a plain line (a question), which on a real terminal decides whether the
	 * answer shows on the screen.
	 */
	public record Read(String prompt, boolean echoOff) {
	}

	private Terminal(InputStream stdin, Supplier<Boolean> stdinTerminal, Supplier<Tty> console,
			Supplier<Boolean> stdoutTerminal, List<Read> reads) {
		this.stdin = stdin;
		this.stdinTerminal = memoized(stdinTerminal);
		this.console = memoized(console);
		this.stdoutTerminal = memoized(stdoutTerminal);
		this.reads = reads;
	}

	/**
	 * The real process. Each question is asked once and only when a command needs the answer (it starts
	 * a small {@code sh}), so commands that read no secret start as fast as before.
	 */
	public static Terminal system() {
		Supplier<Boolean> stdinTerminal = memoized(() -> ControllingTerminal.isTerminal(0));
		return new Terminal(System.in, stdinTerminal,
				() -> stdinTerminal.get() && ControllingTerminal.available() ? new DevTty() : null,
				() -> ControllingTerminal.isTerminal(1), List.of());
	}

	/**
	 * A terminal where a person types {@code answers} in order, one per prompt or question: for tests of
	 * what commands do when someone is there (no-echo prompts, confirmations, refusing to show secrets).
	 * Its stdout is the terminal too. It records each read, with echo off or not, in {@link #reads()}.
	 */
	public static Terminal scripted(InputStream stdin, List<String> answers) {
		Deque<String> remaining = new ArrayDeque<>(answers);
		List<Read> reads = new java.util.concurrent.CopyOnWriteArrayList<>();
		Tty person = new Tty() {

			@Override
			public char[] readPassword(String prompt) {
				return secret(prompt);
			}

			@Override
			public char[] readAll(String prompt) {
				return secret(prompt);
			}

			@Override
			public String readLine(String prompt) {
				reads.add(new Read(prompt, false));
				return remaining.poll();
			}

			private char[] secret(String prompt) {
				reads.add(new Read(prompt, true));
				String answer = remaining.poll();
				return answer == null ? null : answer.toCharArray();
			}

		};
		return new Terminal(stdin, () -> true, () -> person, () -> true, reads);
	}

	/** What a {@link #scripted} person was asked so far, in order; empty for any other terminal. */
	public List<Read> reads() {
		return List.copyOf(reads);
	}

	/** Nobody at a terminal: secrets come from {@code stdin}, and stdout is not a terminal. */
	public static Terminal pipe(InputStream stdin) {
		return pipe(stdin, false);
	}

	/**
	 * Secrets from {@code stdin}, a pipe, with stdout a terminal or not (as in {@code echo ... | botkeeper
	 * account password} typed at a screen): for tests of commands that must not print a secret on a terminal.
	 */
	public static Terminal pipe(InputStream stdin, boolean stdoutTerminal) {
		return new Terminal(stdin, () -> false, () -> null, () -> stdoutTerminal, List.of());
	}

	/** True when a person sits at a terminal: prompts and confirmations make sense. */
	public boolean interactive() {
		return console.get() != null;
	}

	/** True when stdout is a terminal: a secret printed there is on a screen, and in its scroll-back. */
	public boolean stdoutIsTerminal() {
		return stdoutTerminal.get();
	}

	/**
	 * Reads one secret: from a no-echo prompt on the terminal when stdin is one, else the first line of
	 * stdin. The caller owns the returned array and should zero it when done.
	 */
	public char[] readSecret(String prompt) {
		Tty tty = usableConsole();
		if (tty != null) {
			char[] value = tty.readPassword(prompt + ": ");
			return value == null ? new char[0] : value;
		}
		String line = readLine();
		return line == null ? new char[0] : line.toCharArray();
	}

	/**
	 * Reads all of stdin (e.g. a PEM private key); when stdin is a terminal, everything typed or pasted
	 * until Ctrl-D, with echo off.
	 */
	public char[] readAll() {
		Tty tty = usableConsole();
		if (tty != null) {
			char[] value = tty.readAll("Paste it, then press Ctrl-D (nothing is shown): ");
			return value == null ? new char[0] : value;
		}
		try {
			return new String(stdin.readAllBytes(), StandardCharsets.UTF_8).toCharArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stdin as data that is no secret (an audit log piped in, say): read it once, to its end. */
	public InputStream stdin() {
		return stdin;
	}

	/** A yes/no question on the terminal; false when nobody is there to answer. */
	public boolean confirm(String question) {
		Tty tty = console.get();
		if (tty == null) {
			return false;
		}
		String answer = tty.readLine(question + " [y/N] ");
		return answer != null && (answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes"));
	}

	/** The terminal to read a secret from, or null for stdin; never stdin while stdin is a terminal. */
	private Tty usableConsole() {
		Tty tty = console.get();
		if (tty == null && stdinTerminal.get()) {
			// A terminal this process cannot turn echo off on (not its controlling one): a secret read from
			// it would show on the screen.
			throw UserFacingException.badInput("stdin is a terminal, but not this process's controlling terminal, "
					+ "so echo cannot be turned off. Pipe the secret into stdin instead.");
		}
		return tty;
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

	private static <T> Supplier<T> memoized(Supplier<T> supplier) {
		return new Supplier<>() {

			private boolean known;

			private T value;

			@Override
			public synchronized T get() {
				if (!known) {
					value = supplier.get();
					known = true;
				}
				return value;
			}

		};
	}

	/** The part of a terminal a command uses; {@link ControllingTerminal} in a real process. */
	private interface Tty {

		char[] readPassword(String prompt);

		char[] readAll(String prompt);

		String readLine(String prompt);

	}

	private static final class DevTty implements Tty {

		@Override
		public char[] readPassword(String prompt) {
			return ControllingTerminal.readPassword(prompt);
		}

		@Override
		public char[] readAll(String prompt) {
			return ControllingTerminal.readAll(prompt);
		}

		@Override
		public String readLine(String prompt) {
			return ControllingTerminal.readLine(prompt);
		}

	}

}
