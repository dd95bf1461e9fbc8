package org.botkeeper.failure;

/**
 * A failure explained for a person: what failed, where, why and what to do, with the exit code it
 * maps to. The message must never contain a secret value.
 */
public class UserFacingException extends RuntimeException {

	private final int exitCode;

	public UserFacingException(int exitCode, String message) {
		super(message);
		this.exitCode = exitCode;
	}

	public UserFacingException(int exitCode, String message, Throwable cause) {
		super(message, cause);
		this.exitCode = exitCode;
	}

	public int exitCode() {
		return exitCode;
	}

	public static UserFacingException badInput(String message) {
		return new UserFacingException(ExitCodes.BAD_INPUT, message);
	}

	public static UserFacingException remote(String message, Throwable cause) {
		return new UserFacingException(ExitCodes.REMOTE_FAILURE, message, cause);
	}

}
