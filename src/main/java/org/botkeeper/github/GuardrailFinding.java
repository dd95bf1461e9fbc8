package org.botkeeper.github;

import org.botkeeper.sync.Binding;

/**
 * One guardrail of one binding: passed, failed, or not checked because the writer may not read what
 * it needs (GitHub answered 403), with what was found and what to do.
 *
 * @param check {@code default-branch}, {@code environment}, {@code reviewers}, {@code secret-scope}, or
 *        {@code github} when GitHub failed for the binding as a whole
 * @param fix empty when passed
 */
public record GuardrailFinding(Binding binding, String check, Result result, String message, String fix) {

	public enum Result {

		PASSED,
		FAILED,
		/** Not known either way: the writer was refused what the check reads, or GitHub failed. */
		UNCHECKED

	}

	public boolean passed() {
		return result == Result.PASSED;
	}

	static GuardrailFinding pass(Binding binding, String check, String message) {
		return new GuardrailFinding(binding, check, Result.PASSED, message, "");
	}

	static GuardrailFinding fail(Binding binding, String check, String message, String fix) {
		return new GuardrailFinding(binding, check, Result.FAILED, message, fix);
	}

	/** A check that could not be made; {@code message} says what was refused and why. */
	public static GuardrailFinding unchecked(Binding binding, String check, String message, String fix) {
		return new GuardrailFinding(binding, check, Result.UNCHECKED, message, fix);
	}

}
