package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The one place messages reach the terminal: whatever a message quotes, no control character gets through. */
class ErrorReporterTests {

	@Test
	void controlCharactersInAMessageShouldBeEscapedAndItsLinesKept() {
		CommandLine commandLine = BotkeeperCommand.commandLine(new java.io.ByteArrayInputStream(new byte[0]), Map.of());
		StringWriter err = new StringWriter();
		commandLine.setErr(new PrintWriter(err, true));

		int code = new ErrorReporter().handleExecutionException(UserFacingException.badInput(
				"Vault said 'no \u001b[2J\u001b]0;title\u0007 \u009b31m here\u202e'.\n  Check the name."), commandLine, null);

		assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(err.toString()).contains("Vault said 'no \\u001b[2J\\u001b]0;title\\u0007 \\u009b31m here\\u202e'.\n  Check the name.");
		assertThat(err.toString().chars().filter(c -> c < 0x20 && c != '\n' && c != '\r' || c >= 0x7f && c < 0xa0
				|| c == 0x202e).count()).isZero();
	}

	@Test
	void anUnknownOptionShouldBeNamedWithItsControlCharactersEscaped() {
		CommandLine commandLine = BotkeeperCommand.commandLine(new java.io.ByteArrayInputStream(new byte[0]), Map.of());
		StringWriter err = new StringWriter();
		commandLine.setErr(new PrintWriter(err, true));

		int code = commandLine.execute("token", "list", "--\u001b]0;title\u0007");

		assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(err.toString()).contains("--\\u001b]0;title\\u0007");
		assertThat(err.toString().chars().filter(c -> c < 0x20 && c != '\n' && c != '\r').count()).isZero();
	}

}
