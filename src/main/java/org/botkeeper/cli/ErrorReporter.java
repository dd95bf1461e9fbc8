package org.botkeeper.cli;

import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.Printable;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.GitHubException;
import org.botkeeper.sync.InvalidNameException;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.LeaseHeldException;
import org.botkeeper.sync.NoSuchBindingException;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.vault.VaultException;
import picocli.CommandLine;

/**
 * The one place where failures become a line on stderr and an exit code. Bad input (a
 * {@link UserFacingException}, an invalid or unknown name) exits 2; what Vault, GitHub, the network or
 * the run can cause (each adapter's own exception family, a stopped run, a held lease) exits 1 with the
 * adapter's message, which says what failed, where, and what to do. Anything else is a bug, reported as
 * such without a stack trace unless {@code BOTKEEPER_DEBUG} is set (a stack trace can carry request
 * details, never shown by default). Control characters in a message (a name or a server's answer quoted
 * in it) are escaped here, so none reaches the terminal whatever a message quotes.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {

	/** What a person reads, the exit code, and whether it is a bug of botkeeper's. */
	record Report(String message, int exitCode, boolean bug) {

	}

	@Override
	public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
		var err = commandLine.getErr();
		Report report = report(ex);
		err.println(commandLine.getColorScheme().errorText(Printable.message(report.message())));
		if (System.getenv("BOTKEEPER_DEBUG") != null) {
			ex.printStackTrace(err);
		}
		return report.exitCode();
	}

	static Report report(Throwable ex) {
		return switch (ex) {
			case UserFacingException input -> new Report(input.getMessage(), input.exitCode(), false);
			// A name from an argument, option or BOTKEEPER_* variable; the message says what is wrong with it.
			case InvalidNameException name -> new Report(name.getMessage(), ExitCodes.BAD_INPUT, false);
			case NoSuchBindingException name -> new Report(name.getMessage(), ExitCodes.BAD_INPUT, false);
			case VaultException vault -> remote(vault);
			case GitHubException github -> remote(github);
			case RunAbortedException stopped -> remote(stopped);
			case ItemFailedException item -> remote(item);
			case LeaseHeldException held -> remote(held);
			case CancellationException interrupted -> remote(interrupted);
			// A file botkeeper was told to read or write (VAULT_CACERT, ~/.vault-token); the message names it.
			case UncheckedIOException io -> remote(io);
			default -> new Report("Internal error (" + ex.getClass().getSimpleName() + "). This is a bug in botkeeper; "
					+ "rerun with BOTKEEPER_DEBUG=1 for details.", ExitCodes.REMOTE_FAILURE, true);
		};
	}

	private static Report remote(Throwable ex) {
		return new Report(ex.getMessage(), ExitCodes.REMOTE_FAILURE, false);
	}

}
