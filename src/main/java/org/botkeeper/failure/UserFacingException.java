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

	private final int exitCode;

	public UserFacingException(String message) {
		this(message, null);
	}

	public UserFacingException(String message, Throwable cause) {
		super(message, cause);
		this.exitCode = ExitCodes.BAD_INPUT;
	}

	/**
	 * @deprecated a remote failure throws its adapter's own type; for input, use {@link #badInput}. Kept so
	 *     that code written before the one error vocabulary still builds; the reporter honours the code.
	 */
	@Deprecated(forRemoval = true)
	public UserFacingException(int exitCode, String message) {
		this(exitCode, message, null);
	}

	/** @deprecated see {@link #UserFacingException(int, String)} */
	@Deprecated(forRemoval = true)
	public UserFacingException(int exitCode, String message, Throwable cause) {
		super(message, cause);
		this.exitCode = exitCode;
	}

	/** {@link ExitCodes#BAD_INPUT}, unless built through a deprecated constructor. */
	public int exitCode() {
		return exitCode;
	}

	public static UserFacingException badInput(String message) {
		return new UserFacingException(message);
	}

	public static UserFacingException badInput(String message, Throwable cause) {
		return new UserFacingException(message, cause);
	}

}
