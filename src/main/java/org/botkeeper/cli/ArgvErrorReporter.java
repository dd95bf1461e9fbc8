package org.botkeeper.cli;

import java.io.PrintWriter;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.Printable;
import picocli.CommandLine;

/**
 * Command-line mistakes (an unknown option, one argument too many) reported without repeating the
 * arguments: a person who typed a token where botkeeper expects none must not find it copied into
 * stderr, a CI log or a terminal recording. Option names are shown (control characters escaped); values
 * are not.
 */
final class ArgvErrorReporter implements CommandLine.IParameterExceptionHandler {

	static final String NOT_SHOWN = "<not shown>";

	private static final java.util.regex.Pattern COMMAND_WORD = java.util.regex.Pattern.compile("[a-z][a-z-]{0,24}");

	@Override
	public int handleParseException(CommandLine.ParameterException ex, String[] args) {
		CommandLine command = ex.getCommandLine();
		PrintWriter err = command.getErr();
		err.println(command.getColorScheme().errorText(Printable.message(redact(ex.getMessage(), args))));
		if (ex instanceof CommandLine.UnmatchedArgumentException) {
			err.println("Arguments are not repeated here, as one may be a secret: botkeeper reads secrets only from "
					+ "stdin ('-') or a no-echo prompt, never from the command line.");
			CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
		}
		command.usage(err, command.getColorScheme());
		return ExitCodes.BAD_INPUT;
	}

	/**
	 * {@code message} with every argument value replaced, longest first (so a short one inside a long
	 * one cannot expose the rest). Option names (before any '=') and command words (lowercase letters and
	 * hyphens: no token, seed or key looks like that) stay, so a mistyped command is still named.
	 */
	static String redact(String message, String[] args) {
		String redacted = message == null ? "" : message;
		String[] longestFirst = args.clone();
		java.util.Arrays.sort(longestFirst, java.util.Comparator.comparingInt(String::length).reversed());
		for (String arg : longestFirst) {
			if (COMMAND_WORD.matcher(arg).matches()) {
				continue;
			}
			String value = arg;
			if (arg.startsWith("-")) {
				int equals = arg.indexOf('=');
				if (equals < 0) {
					continue;
				}
				value = arg.substring(equals + 1);
			}
			if (!value.isEmpty()) {
				redacted = redacted.replace(value, NOT_SHOWN);
			}
		}
		return redacted;
	}

}
