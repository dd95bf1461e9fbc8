package org.botkeeper.githubsim;

/**
 * How the simulator answers where GitHub's documentation is silent: switchable, so that a test can
 * hold botkeeper to every answer GitHub might give. {@link #reset()} puts back the defaults, which
 * follow the public evidence where there is some.
 */
public final class SimBehaviour {

	/** What a secret PUT whose {@code key_id} is not the environment's current key gets. */
	public enum StaleKeyAnswer {

		/**
		 * Accepted (201/204), and the box, sealed to a key the environment no longer has, is stored as it
		 * is: the value does not open. GitHub did this to boxes sealed with the repository's key instead of
		 * the environment's (<a href="https://github.com/cli/cli/issues/3831">cli/cli#3831</a>).
		 */
		STORE_GARBAGE,
		/** Refused with 422, as a stricter GitHub might; GitHub does not document it. */
		REFUSE_422

	}

	private volatile StaleKeyAnswer staleKeyAnswer = StaleKeyAnswer.STORE_GARBAGE;

	public void staleKeyAnswer(StaleKeyAnswer answer) {
		staleKeyAnswer = answer;
	}

	public StaleKeyAnswer staleKeyAnswer() {
		return staleKeyAnswer;
	}

	/** Back to the defaults. */
	public void reset() {
		staleKeyAnswer = StaleKeyAnswer.STORE_GARBAGE;
	}

}
