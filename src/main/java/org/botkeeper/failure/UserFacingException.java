package org.botkeeper.failure;

/**
 * Bad command-line input, explained for a person: an unknown name, a missing or malformed value, a
 * setting that cannot be parsed, a question nobody can answer (no terminal, no {@code --yes}). Exit 2,
 * and nothing was changed. The message says what is wrong and what to type instead, and never contains
 * a secret value.
 *
 * <p>This is for input only. What Vault, GitHub, the network or the sync run can cause has a type of
 * its own ({@code vault.VaultException}, {@code github.GitHubException}, {@code sync.RunAbortedException},
 * ...), and the command line's error reporter is the one place where types become messages and exit
 * codes.
 */
public class UserFacingException extends RuntimeException {

	public UserFacingException(String message) {
		this(message, null);
	}

	public UserFacingException(String message, Throwable cause) {
		super(message, cause);
	}

	/** Always {@link ExitCodes#BAD_INPUT}: bad input, nothing was changed. */
	public int exitCode() {
		return ExitCodes.BAD_INPUT;
	}

	public static UserFacingException badInput(String message) {
		return new UserFacingException(message);
	}

	public static UserFacingException badInput(String message, Throwable cause) {
		return new UserFacingException(message, cause);
	}

}
