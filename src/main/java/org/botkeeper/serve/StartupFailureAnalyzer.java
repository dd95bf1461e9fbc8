package org.botkeeper.serve;

import org.botkeeper.failure.UserFacingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a refusal of ours during {@code serve}'s start-up (a setting, a credential file, Vault's answer
 * at login) into Spring Boot's "APPLICATION FAILED TO START" paragraph: our message, which names the
 * setting, and what to do, instead of the framework's stack trace (that stays at DEBUG). Registered in
 * {@code META-INF/spring.factories}.
 */
public final class StartupFailureAnalyzer extends AbstractFailureAnalyzer<UserFacingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UserFacingException cause) {
		return new FailureAnalysis(cause.getMessage(), "Fix the setting named above and start botkeeper serve again; "
				+ "'botkeeper serve --help' lists every setting.", cause);
	}

}
