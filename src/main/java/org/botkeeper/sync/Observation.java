package org.botkeeper.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * What GitHub shows for one binding, as seen by the writer credential, or why it could not be seen.
 * GitHub never returns secret values, so drift is decided from {@code updated_at} alone.
 *
 * @param repository whether the repository can be reached at all
 * @param environment the environment's state; {@link EnvironmentState#NOT_CHECKED} when the cheap
 *     observation (the secret alone) was enough
 * @param secretUpdatedAt empty when the secret does not exist
 * @param failure why GitHub could not be asked about this binding, if it could not; then the other
 *     fields mean nothing
 * @param validators GitHub's ETag of the answer that showed {@code secretUpdatedAt}
 */
public record Observation(RepositoryState repository, EnvironmentState environment,
		Optional<Instant> secretUpdatedAt, Optional<String> failure, Validators validators) {

	public Observation {
		if (secretUpdatedAt == null || failure == null || validators == null) {
			throw new IllegalArgumentException("secretUpdatedAt, failure and validators are required (maybe empty)");
		}
	}

	public Observation(RepositoryState repository, EnvironmentState environment, Optional<Instant> secretUpdatedAt,
			Optional<String> failure) {
		this(repository, environment, secretUpdatedAt, failure, Validators.NONE);
	}

	public Observation(RepositoryState repository, EnvironmentState environment, Optional<Instant> secretUpdatedAt) {
		this(repository, environment, secretUpdatedAt, Optional.empty());
	}

	public enum RepositoryState {

		/** The writer can manage this repository's environments. */
		REACHABLE,
		/** 404: deleted, renamed, or the writer lost access (GitHub does not say which). */
		GONE,
		/** 403: the writer may not read the environment or its secrets (a permission or role missing). */
		NO_ACCESS

	}

	public enum EnvironmentState {

		/** Limited to protected branches (or custom branch policies): only trusted refs read the secret. */
		PROTECTED,
		/** Exists, but any branch may deploy to it and read the secret. */
		UNPROTECTED,
		MISSING,
		/** Not looked at: the observation of the secret alone showed nothing to do. */
		NOT_CHECKED,
		/**
		 * The secret is not an environment's (a repository Actions or Dependabot secret): there is no
		 * environment to create or to limit to protected branches.
		 */
		NONE

	}

	/**
	 * GitHub could not be asked about this binding (a 5xx after retries, an answer of the wrong shape, a
	 * timeout): {@code message} says so, naming the binding.
	 */
	public static Observation failed(String message) {
		return new Observation(RepositoryState.REACHABLE, EnvironmentState.NOT_CHECKED, Optional.empty(),
				Optional.of(message));
	}

	public static Observation secretSeen(Instant updatedAt) {
		return new Observation(RepositoryState.REACHABLE, EnvironmentState.NOT_CHECKED, Optional.of(updatedAt));
	}

	/** This observation with the ETags of the answers it was made from. */
	public Observation withValidators(Validators seen) {
		return new Observation(repository, environment, secretUpdatedAt, failure, seen);
	}

	public boolean secretExists() {
		return secretUpdatedAt.isPresent();
	}

}
