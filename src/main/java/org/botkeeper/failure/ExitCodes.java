package org.botkeeper.failure;

/**
 * Exit codes, in one place, as {@code --help} documents them. Scripts may rely on them.
 */
public final class ExitCodes {

	/** Everything asked for was done. */
	public static final int OK = 0;

	/**
	 * Vault, GitHub or the network failed, the sync lease is held, or some bindings failed or could not be
	 * checked (each is listed); {@code sync --config} found a declared binding with no token or bound elsewhere.
	 */
	public static final int REMOTE_FAILURE = 1;

	/** Bad input: an unknown option, an invalid name, a missing value. Nothing was changed. */
	public static final int BAD_INPUT = 2;

	/**
	 * {@code sync --plan --detailed-exitcode}: the plan has changes, and no binding is blocked;
	 * {@code token review} without {@code --apply}: its plan has steps to apply.
	 */
	public static final int CHANGES_PENDING = 3;

	/**
	 * A binding needs a person: {@code status} found one BLOCKED or FAILING, or {@code sync --plan
	 * --detailed-exitcode} found one BLOCKED or (with {@code --config}) declared but with no token or bound
	 * elsewhere (whether or not the plan also has changes); {@code audit --detailed-exitcode} found an alert.
	 */
	public static final int NEEDS_ATTENTION = 4;

	public static final String HELP_SECTION = """
			Exit codes:
			  0  done
			  1  Vault, GitHub or the network failed, or some bindings failed (each is listed)
			  2  bad input; nothing was changed
			  3  sync --plan --detailed-exitcode: there are changes to apply, and nothing is blocked
			  4  a binding needs a person: status found one BLOCKED or FAILING; sync --plan --detailed-exitcode
			     found one BLOCKED (the plan may have changes too); audit --detailed-exitcode found an alert
			""";

	private ExitCodes() {
	}

}
