package org.botkeeper.cli;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.botkeeper.failure.UserFacingException;

/**
 * The process's controlling terminal, {@code /dev/tty}: prompts are written to it and answers read from
 * it whatever stdin and stdout are, so {@code botkeeper token put > out.txt} still prompts on the screen
 * and never puts the prompt into the file. Echo is turned off with {@code stty} on the terminal itself
 * for the time of a secret's line and restored afterwards, also when the JVM is stopped by Ctrl-C; when
 * echo cannot be turned off, the secret is not read. POSIX only, like {@code bin/botkeeper}.
 */
final class ControllingTerminal {

	private static final File TTY = new File("/dev/tty");

	private ControllingTerminal() {
	}

	/**
	 * True when file descriptor {@code fd} of this process (0 stdin, 1 stdout) is a terminal: isatty(3).
	 * bin/botkeeper says so in system properties ({@code botkeeper.stdin.terminal},
	 * {@code botkeeper.stdout.terminal}) from bash's own {@code [ -t fd ]}, on the same descriptors the JVM
	 * inherits; without them (the jar run directly) a shell is asked, which costs a process start, up to a
	 * tenth of a second of a short command such as {@code botkeeper account password}.
	 */
	static boolean isTerminal(int fd) {
		return isTerminal(fd, System::getProperty);
	}

	static boolean isTerminal(int fd, java.util.function.UnaryOperator<String> properties) {
		String told = properties.apply(fd == 0 ? "botkeeper.stdin.terminal" : "botkeeper.stdout.terminal");
		if (fd <= 1 && ("true".equals(told) || "false".equals(told))) {
			return Boolean.parseBoolean(told);
		}
		ProcessBuilder test = new ProcessBuilder("/bin/sh", "-c", "[ -t " + fd + " ]").redirectError(
				ProcessBuilder.Redirect.DISCARD);
		if (fd == 0) {
			test.redirectInput(ProcessBuilder.Redirect.INHERIT);
		}
		else if (fd == 1) {
			test.redirectOutput(ProcessBuilder.Redirect.INHERIT);
		}
		else {
			throw new IllegalArgumentException("fd " + fd);
		}
		try {
			Process process = test.start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** True when this process has a controlling terminal that it may open. */
	static boolean available() {
		try (FileInputStream ignored = new FileInputStream(TTY)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** A line typed with echo off; the caller zeroes the array. */
	static char[] readPassword(String prompt) {
		return readHidden(prompt, false);
	}

	/** Everything typed or pasted until Ctrl-D, with echo off (a PEM key); the caller zeroes the array. */
	static char[] readAll(String prompt) {
		return readHidden(prompt, true);
	}

	private static char[] readHidden(String prompt, boolean untilEnd) {
		String saved = stty("-g").strip();
		Thread restore = new Thread(() -> {
			try {
				stty(saved);
			}
			catch (RuntimeException ex) {
				// Nothing more to do while the JVM stops; 'stty sane' repairs the terminal.
			}
		});
		Runtime.getRuntime().addShutdownHook(restore);
		try (FileOutputStream out = new FileOutputStream(TTY); FileInputStream in = new FileInputStream(TTY)) {
			stty("-echo");
			out.write(prompt.getBytes(StandardCharsets.UTF_8));
			out.flush();
			try {
				return line(in, untilEnd);
			}
			finally {
				stty(saved);
				// The Enter that ended the line was not echoed either.
				out.write('\n');
				out.flush();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot use the terminal /dev/tty", ex);
		}
		finally {
			try {
				Runtime.getRuntime().removeShutdownHook(restore);
			}
			catch (IllegalStateException ex) {
				// Shutting down already: the hook restores the terminal.
			}
		}
	}

	/** A line typed with echo on (an answer to a question). */
	static String readLine(String prompt) {
		try (FileOutputStream out = new FileOutputStream(TTY); FileInputStream in = new FileInputStream(TTY)) {
			out.write(prompt.getBytes(StandardCharsets.UTF_8));
			out.flush();
			char[] line = line(in, false);
			return line == null ? null : new String(line);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot use the terminal /dev/tty", ex);
		}
	}

	/**
	 * Bytes up to a newline (or with {@code untilEnd}, up to end of input, Ctrl-D), decoded as UTF-8; null at
	 * end of input with nothing typed. Buffers are zeroed.
	 */
	private static char[] line(FileInputStream in, boolean untilEnd) throws IOException {
		byte[] raw = new byte[256];
		int length = 0;
		int b;
		boolean any = false;
		while ((b = in.read()) != -1 && (untilEnd || b != '\n')) {
			any = true;
			if (b == '\r' && !untilEnd) {
				continue;
			}
			if (length == raw.length) {
				byte[] larger = Arrays.copyOf(raw, raw.length * 2);
				Arrays.fill(raw, (byte) 0);
				raw = larger;
			}
			raw[length++] = (byte) b;
		}
		try {
			if (b == -1 && !any) {
				return null;
			}
			CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw, 0, length));
			char[] line = Arrays.copyOf(chars.array(), chars.limit());
			Arrays.fill(chars.array(), '\0');
			return line;
		}
		finally {
			Arrays.fill(raw, (byte) 0);
		}
	}

	/** Runs stty on the controlling terminal; refuses to go on (the secret would echo) when it fails. */
	private static String stty(String argument) {
		try {
			Process process = new ProcessBuilder("stty", argument).redirectInput(TTY)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
				return output;
			}
		}
		catch (IOException ex) {
			// reported below
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw UserFacingException.badInput("Cannot turn off echo on this terminal ('stty " + argument
				+ "' failed), so no secret is read from it. Pipe the secret into stdin instead.");
	}

}
