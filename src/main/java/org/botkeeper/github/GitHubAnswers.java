package org.botkeeper.github;

import java.util.function.Supplier;

/** Reading GitHub's answers into values, with one failure for an answer of the wrong shape. */
final class GitHubAnswers {

	private GitHubAnswers() {
	}

	/**
	 * Turns an answer that does not have the documented shape (malformed JSON, a missing or garbled
	 * field, a key that is not a key) into a {@link GitHubException} for that item, instead of a crash of
	 * the whole run. The cause's text is left out: it can quote the body.
	 */
	static <T> T read(String what, Supplier<T> parse) {
		try {
			return parse.get();
		}
		catch (tools.jackson.core.JacksonException | java.time.DateTimeException | IllegalArgumentException
				| NullPointerException | IndexOutOfBoundsException ex) {
			throw new GitHubException("Cannot " + what + ": GitHub's answer does not have the documented shape ("
					+ ex.getClass().getSimpleName() + "). Run again; if it persists, GitHub's API may have changed.", 200);
		}
	}

}
