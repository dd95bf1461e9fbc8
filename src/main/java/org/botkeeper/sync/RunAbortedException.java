package org.botkeeper.sync;

/**
 * Nothing more may be attempted in this run: GitHub rejected the writer's credential (repeated bad
 * logins lock accounts out), Vault is sealed or unreachable, or this replica lost its lease.
 */
public class RunAbortedException extends RuntimeException {

	public RunAbortedException(String message) {
		super(message);
	}

	public RunAbortedException(String message, Throwable cause) {
		super(message, cause);
	}

}
