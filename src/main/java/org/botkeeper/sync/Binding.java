package org.botkeeper.sync;

/**
 * One token record in Vault: which repository secret it belongs in. Printed the same way everywhere:
 * {@code jupyterhub/binderhub:jupyterhub-bot/JUPYTERHUB_BOT_PAT} for an environment secret (the
 * default), {@code jupyterhub/binderhub:[repository]/NAME} and {@code jupyterhub/binderhub:[dependabot]/NAME}
 * for the other kinds.
 *
 * @param environment the environment of an {@link DestinationKind#ENVIRONMENT} secret; null for the
 *        other kinds, which have none
 */
public record Binding(RepositoryName repository, EnvironmentName environment, SecretName secretName,
		DestinationKind kind) {

	public Binding {
		if (repository == null || secretName == null || kind == null) {
			throw new IllegalArgumentException("a binding needs a repository, a secret name and a destination kind");
		}
		if ((kind == DestinationKind.ENVIRONMENT) != (environment != null)) {
			throw new IllegalArgumentException("an environment secret needs an environment, and only it has one");
		}
	}

	/** An environment secret, botkeeper's default destination. */
	public Binding(RepositoryName repository, EnvironmentName environment, SecretName secretName) {
		this(repository, environment, secretName, DestinationKind.ENVIRONMENT);
	}

	/** A secret of {@code kind} other than an environment's. */
	public static Binding of(RepositoryName repository, DestinationKind kind, EnvironmentName environment,
			SecretName secretName) {
		return new Binding(repository, kind == DestinationKind.ENVIRONMENT ? environment : null, secretName, kind);
	}

	/** Whether the secret lives in an environment (and so has branch protection to check). */
	public boolean inEnvironment() {
		return kind == DestinationKind.ENVIRONMENT;
	}

	/** Whether {@code other} names the same environment as this binding's (false when either has none). */
	public boolean inEnvironment(EnvironmentName other) {
		return inEnvironment() && environment.equals(other);
	}

	/** Where in the repository: the environment's name, or the kind in brackets. */
	public String place() {
		return inEnvironment() ? environment.value() : "[" + kind.value() + "]";
	}

	/**
	 * Who can read a secret outside an environment, to finish "... can read it": nothing limits it to
	 * protected branches. For an environment secret, the jobs that deploy to it.
	 */
	public String readers() {
		return switch (kind) {
			case ENVIRONMENT -> "jobs that deploy to environment " + environment;
			case REPOSITORY -> "every workflow of " + repository + ", on any branch,";
			case DEPENDABOT -> "every workflow run Dependabot triggers";
		};
	}

	@Override
	public String toString() {
		return repository + ":" + place() + "/" + secretName;
	}

}
