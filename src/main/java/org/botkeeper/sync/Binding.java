package org.botkeeper.sync;

/**
 * One token record in Vault: which repository's environment secret it belongs in. Printed the same
 * way everywhere: {@code jupyterhub/binderhub:jupyterhub-bot/JUPYTERHUB_BOT_PAT}.
 */
public record Binding(RepositoryName repository, EnvironmentName environment, SecretName secretName) {

	public Binding {
		if (repository == null || environment == null || secretName == null) {
			throw new IllegalArgumentException("a binding needs a repository, an environment and a secret name");
		}
	}

	@Override
	public String toString() {
		return repository + ":" + environment + "/" + secretName;
	}

}
