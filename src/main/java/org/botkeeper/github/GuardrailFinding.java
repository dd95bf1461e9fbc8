package org.botkeeper.github;

import org.botkeeper.sync.Binding;

/**
 * One guardrail of one binding: passed or not, what was found, and how to fix it when it failed.
 *
 * @param check {@code default-branch}, {@code environment}, {@code reviewers} or {@code secret-scope}
 * @param fix empty when passed
 */
public record GuardrailFinding(Binding binding, String check, boolean passed, String message, String fix) {

	static GuardrailFinding pass(Binding binding, String check, String message) {
		return new GuardrailFinding(binding, check, true, message, "");
	}

	static GuardrailFinding fail(Binding binding, String check, String message, String fix) {
		return new GuardrailFinding(binding, check, false, message, fix);
	}

}
