package org.botkeeper.github;

import java.util.Optional;

import org.botkeeper.sync.Binding;
import org.botkeeper.sync.OrgSecretTarget;

/**
 * One guardrail of one binding or organisation secret: passed, failed, or not checked because the
 * writer may not read what it needs (GitHub answered 403), with what was found and what to do.
 *
 * @param subject what was checked, as plans show it: the binding, or {@code org:[organisation]/NAME}
 * @param binding the binding checked, when the subject is one
 *
 * @param check {@code default-branch}, {@code environment}, {@code reviewers}, {@code secret-scope}, or
 *        {@code github} when GitHub failed for the binding as a whole
 * @param fix empty when passed
 */
public record GuardrailFinding(String subject, Optional<Binding> binding, String check, Result result, String message,
		String fix) {

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
		return of(binding, check, Result.PASSED, message, "");
	}

	static GuardrailFinding fail(Binding binding, String check, String message, String fix) {
		return of(binding, check, Result.FAILED, message, fix);
	}

	/** A check that could not be made; {@code message} says what was refused and why. */
	public static GuardrailFinding unchecked(Binding binding, String check, String message, String fix) {
		return of(binding, check, Result.UNCHECKED, message, fix);
	}

	/** A finding about an organisation secret botkeeper keeps. */
	static GuardrailFinding of(OrgSecretTarget target, String check, Result result, String message, String fix) {
		return new GuardrailFinding(target.toString(), Optional.empty(), check, result, message, fix);
	}

	private static GuardrailFinding of(Binding binding, String check, Result result, String message, String fix) {
		return new GuardrailFinding(binding.toString(), Optional.of(binding), check, result, message, fix);
	}

}
