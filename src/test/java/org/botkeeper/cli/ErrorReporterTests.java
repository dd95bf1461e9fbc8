package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.GitHubException;
import org.botkeeper.github.GitHubForbiddenException;
import org.botkeeper.github.GitHubNotFoundException;
import org.botkeeper.github.GitHubRateLimitException;
import org.botkeeper.github.GitHubUnauthorizedException;
import org.botkeeper.github.GitHubUnavailableException;
import org.botkeeper.sync.InvalidNameException;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.LeaseHeldException;
import org.botkeeper.sync.LeaseHolder;
import org.botkeeper.sync.LeaseStore;
import org.botkeeper.sync.NoSuchBindingException;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.RunAbortedException;
import org.botkeeper.vault.CheckAndSetException;
import org.botkeeper.vault.MissingRecordException;
import org.botkeeper.vault.VaultException;
import org.botkeeper.vault.VaultPermissionException;
import org.botkeeper.vault.VaultSealedException;
import org.botkeeper.vault.VaultTokenException;
import org.botkeeper.vault.VaultUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one place where types become messages and exit codes: one case per type a command may throw,
 * each printed as its own message (one line, no stack trace) with its exit code; only a type nobody
 * expects is "Internal error".
 */
class ErrorReporterTests {

	@Command(name = "failing")
	static final class Failing implements Callable<Integer> {

		private final RuntimeException failure;

		Failing(RuntimeException failure) {
			this.failure = failure;
		}

		@Override
		public Integer call() {
			throw failure;
		}

	}

	private record Run(int exitCode, String err) {

	}

	private static Run run(RuntimeException failure) {
		StringWriter err = new StringWriter();
		CommandLine commandLine = new CommandLine(new Failing(failure)).setExecutionExceptionHandler(new ErrorReporter());
		commandLine.setErr(new PrintWriter(err, true));
		commandLine.setOut(new PrintWriter(new StringWriter(), true));
		return new Run(commandLine.execute(), err.toString());
	}

	static Stream<Arguments> failures() {
		LeaseStore.Record held = new LeaseStore.Record(
				new LeaseHolder("serve 42@build-3", "build-3", "build-3/b/n", 42, Optional.empty()), 7,
				Instant.parse("2026-11-25T12:02:00.123Z"));
		return Stream.of(
				Arguments.of(UserFacingException.badInput("--reason needs --break-lease."), ExitCodes.BAD_INPUT,
						"--reason needs --break-lease."),
				Arguments.of(new InvalidNameException("Invalid repository 'a b': use OWNER/REPO."), ExitCodes.BAD_INPUT,
						"Invalid repository 'a b': use OWNER/REPO."),
				Arguments.of(new NoSuchBindingException(RepositoryName.parse("o/r")), ExitCodes.BAD_INPUT,
						"No token record for o/r in Vault"),
				Arguments.of(new VaultException("Cannot read 'tokens/o/r' from Vault mount 'botkeeper': Vault returned 500.",
						500, null), ExitCodes.REMOTE_FAILURE,
						"Cannot read 'tokens/o/r' from Vault mount 'botkeeper': Vault returned 500."),
				Arguments.of(new VaultUnavailableException("Cannot list 'tokens' from Vault mount 'botkeeper': cannot reach "
						+ "Vault at http://127.0.0.1:1. Check VAULT_ADDR and that the server is running.", 0, null),
						ExitCodes.REMOTE_FAILURE, "cannot reach Vault at http://127.0.0.1:1. Check VAULT_ADDR"),
				Arguments.of(new VaultSealedException("Cannot read 'writer' from Vault mount 'botkeeper': Vault at "
						+ "http://v:8200 is sealed. Ask an operator to unseal it (vault operator unseal).", null),
						ExitCodes.REMOTE_FAILURE, "is sealed. Ask an operator to unseal it (vault operator unseal)."),
				Arguments.of(new VaultTokenException("Cannot list 'tokens' from Vault mount 'botkeeper': the Vault token "
						+ "is invalid or expired. Log in again (vault login) or set VAULT_TOKEN.", null),
						ExitCodes.REMOTE_FAILURE, "the Vault token is invalid or expired."),
				Arguments.of(new VaultPermissionException("Cannot read 'tokens/o/r' from Vault mount 'botkeeper': 403 "
						+ "permission denied.\n  Check that your token has policy 'botkeeper-broker' (vault token lookup).",
						null), ExitCodes.REMOTE_FAILURE,
						"403 permission denied.\n  Check that your token has policy 'botkeeper-broker'"),
				Arguments.of(new MissingRecordException("No writer credential in Vault mount 'botkeeper': botkeeper cannot "
						+ "write to GitHub. Store one with 'botkeeper writer set --pat'."), ExitCodes.REMOTE_FAILURE,
						"No writer credential in Vault mount 'botkeeper'"),
				Arguments.of(new CheckAndSetException("tokens/o/r", 3), ExitCodes.REMOTE_FAILURE,
						"Not written: 'tokens/o/r' changed in Vault while you were writing (it was at version 3 when read)."),
				Arguments.of(new GitHubException("Cannot read o/r: GitHub returned 422.", 422), ExitCodes.REMOTE_FAILURE,
						"Cannot read o/r: GitHub returned 422."),
				Arguments.of(new GitHubNotFoundException("Cannot read o/r: GitHub returned 404."), ExitCodes.REMOTE_FAILURE,
						"GitHub returned 404."),
				Arguments.of(new GitHubForbiddenException("Cannot read o/r: GitHub returned 403."), ExitCodes.REMOTE_FAILURE,
						"GitHub returned 403."),
				Arguments.of(new GitHubUnauthorizedException("Cannot read o/r: GitHub returned 401 for the bot token."),
						ExitCodes.REMOTE_FAILURE, "GitHub returned 401 for the bot token."),
				Arguments.of(new GitHubRateLimitException("Cannot read o/r: GitHub's primary rate limit persisted after 4 "
						+ "waits. Run again later.", 403), ExitCodes.REMOTE_FAILURE, "Run again later."),
				Arguments.of(new GitHubUnavailableException("Cannot read o/r: GitHub returned 502 on 4 tries.", 502, null),
						ExitCodes.REMOTE_FAILURE, "GitHub returned 502 on 4 tries."),
				Arguments.of(new RunAbortedException("The writer credential (personal access token) was rejected by GitHub "
						+ "at https://api.github.com with 401: it is revoked, expired or wrong. Store a new one with "
						+ "'botkeeper writer set --pat'."), ExitCodes.REMOTE_FAILURE,
						"Store a new one with 'botkeeper writer set --pat'."),
				Arguments.of(new ItemFailedException("Cannot push o/r:env/NAME: version 3 of its token record has no token."),
						ExitCodes.REMOTE_FAILURE, "version 3 of its token record has no token."),
				Arguments.of(new LeaseHeldException(Optional.of(held)), ExitCodes.REMOTE_FAILURE,
						"Not applied: the sync lease is held by 'serve 42@build-3' (process 42 on host 'build-3') until "
								+ "2026-11-25T12:02:00Z (fencing 7). Try again after that (botkeeper status). If that process "
								+ "is gone for good, an operator takes the lease over with 'botkeeper sync --break-lease "
								+ "--reason TEXT'."),
				Arguments.of(new CancellationException("Interrupted while waiting for a fresh code."),
						ExitCodes.REMOTE_FAILURE, "Interrupted while waiting for a fresh code."),
				Arguments.of(new UncheckedIOException("Logged in, but cannot write /home/x/.vault-token: disk full",
						new IOException("disk full")), ExitCodes.REMOTE_FAILURE, "cannot write /home/x/.vault-token"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void eachTypeShouldBeItsOwnMessageAndExitCodeNeverAnInternalError(RuntimeException failure, int exitCode,
			String expected) {
		Run run = run(failure);

		assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
		assertThat(run.err()).contains(expected).doesNotContain("Internal error").doesNotContain("\tat ");
		assertThat(run.err().strip()).as("exactly the message, nothing added").isEqualTo(failure.getMessage().strip());
	}

	@Test
	void anythingElseShouldBeReportedAsABugWithoutItsMessageOrAStackTrace() {
		Run run = run(new IllegalStateException("a detail nobody meant to show"));

		assertThat(run.exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
		assertThat(run.err().strip()).isEqualTo("Internal error (IllegalStateException). This is a bug in botkeeper; "
				+ "rerun with BOTKEEPER_DEBUG=1 for details.");
	}

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
