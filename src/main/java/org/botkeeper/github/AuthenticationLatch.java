package org.botkeeper.github;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Trips on the first 401 and from then on refuses every GitHub call before it is sent: repeated
 * requests with bad credentials can get the account temporarily locked out.
 */
final class AuthenticationLatch {

	private final AtomicReference<String> trippedBy = new AtomicReference<>();

	void check(String action) {
		String first = trippedBy.get();
		if (first != null) {
			throw new GitHubUnauthorizedException("Cannot " + action + ": GitHub calls stopped after a 401 on '" + first
					+ "'. Store a valid writer credential and run again.");
		}
	}

	void trip(String action) {
		trippedBy.compareAndSet(null, action);
	}

	boolean tripped() {
		return trippedBy.get() != null;
	}

}
