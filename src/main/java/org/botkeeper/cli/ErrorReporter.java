package org.botkeeper.cli;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.Printable;
import org.botkeeper.failure.UserFacingException;
import picocli.CommandLine;

/**
 * The one place where failures become a line on stderr and an exit code. A {@link UserFacingException}
 * carries its own code; anything else is a bug, reported as such without a stack trace unless
 * {@code BOTKEEPER_DEBUG} is set (a stack trace can carry request details, never shown by default).
 * Control characters in a message (a name or a server's answer quoted in it) are escaped here, so none
 * reaches the terminal whatever a message quotes.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

	@Override
	public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
		var err = commandLine.getErr();
		if (ex instanceof UserFacingException userFacing) {
			err.println(commandLine.getColorScheme().errorText(Printable.message(userFacing.getMessage())));
			return userFacing.exitCode();
		}
		if (ex instanceof org.botkeeper.sync.InvalidNameException || ex instanceof org.botkeeper.sync.NoSuchBindingException) {
			// A name from an argument, option or BOTKEEPER_* variable; the message says what is wrong with it.
			err.println(commandLine.getColorScheme().errorText(Printable.message(ex.getMessage())));
			return ExitCodes.BAD_INPUT;
		}
		err.println(commandLine.getColorScheme()
			.errorText("Internal error (" + ex.getClass().getSimpleName()
					+ "). This is a bug in botkeeper; rerun with BOTKEEPER_DEBUG=1 for details."));
		if (System.getenv("BOTKEEPER_DEBUG") != null) {
			ex.printStackTrace(err);
		}
		return ExitCodes.REMOTE_FAILURE;
	}

}
