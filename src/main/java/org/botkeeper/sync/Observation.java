package org.botkeeper.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * What GitHub shows for one binding, as seen by the writer credential. GitHub never returns secret
 * values, so drift is decided from {@code updated_at} alone.
 *
 * @param repository whether the repository can be reached at all
 * @param environment the environment's state; {@link EnvironmentState#NOT_CHECKED} when the cheap
 *     observation (the secret alone) was enough
 * @param secretUpdatedAt empty when the secret does not exist
 */
public record Observation(RepositoryState repository, EnvironmentState environment,
		Optional<Instant> secretUpdatedAt) {

	public enum RepositoryState {

		/** The writer can manage this repository's environments. */
		REACHABLE,
		/** 404: deleted, renamed, or the writer lost access (GitHub does not say which). */
		GONE,
		/** 403: the writer lacks the Environments or Secrets permission. */
		NO_ACCESS

	}

	public enum EnvironmentState {

		/** Limited to protected branches (or custom branch policies): only trusted refs read the secret. */
		PROTECTED,
		/** Exists, but any branch may deploy to it and read the secret. */
		UNPROTECTED,
		MISSING,
		/** Not looked at: the observation of the secret alone showed nothing to do. */
		NOT_CHECKED

	}

	public static Observation secretSeen(Instant updatedAt) {
		return new Observation(RepositoryState.REACHABLE, EnvironmentState.NOT_CHECKED, Optional.of(updatedAt));
	}

	public boolean secretExists() {
		return secretUpdatedAt.isPresent();
	}

}
