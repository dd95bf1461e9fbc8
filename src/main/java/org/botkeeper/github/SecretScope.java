package org.botkeeper.github;

import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;

/**
 * Where a GitHub secret lives, each with its own public key and its own permission: an Actions
 * environment, a repository's Actions or Dependabot secrets, or an organisation's Actions secrets
 * (<a href="https://docs.github.com/en/rest/actions/secrets">Actions secrets</a>,
 * <a href="https://docs.github.com/en/rest/dependabot/secrets">Dependabot secrets</a>). A scope gives
 * the paths, how messages name it and its secrets, and what a 403 or a 404 there means.
 */
public sealed interface SecretScope {

	/** The collection path, {@code .../secrets}; a secret and the public key are beneath it. */
	String path();

	/** How messages name the scope, e.g. {@code jupyterhub/binderhub:ci}. */
	String description();

	/** How messages name one secret of the scope. */
	String secret(SecretName name);

	/** Whose key it is, to finish "..., but {@code keyOwner} public key changed". */
	String keyOwner();

	/** What a 404 for the scope or a write to it means. */
	String notFoundHint();

	/** What a 404 to a delete means. */
	default String deleteNotFoundHint() {
		return "The secret does not exist. " + notFoundHint();
	}

	/** What a 403 to a read (a secret, the public key) means: the permission GitHub documents. */
	String readNeeds();

	/** What a 403 to a write or a delete means: the permission GitHub documents. */
	String writeNeeds();

	default String secretPath(SecretName name) {
		return path() + "/" + name.value();
	}

	default String publicKeyPath() {
		return path() + "/public-key";
	}

	private static String repositoryPath(RepositoryName repository) {
		return "/repos/" + repository.owner() + "/" + repository.repo();
	}

	/** An Actions environment's secrets: what bindings write. */
	record Environment(RepositoryName repository, EnvironmentName environment) implements SecretScope {

		@Override
		public String path() {
			return EnvironmentSecretsClient.environmentPath(repository, environment) + "/secrets";
		}

		@Override
		public String description() {
			return repository + ":" + environment;
		}

		/** As a binding prints: {@code owner/repo:environment/NAME}. */
		@Override
		public String secret(SecretName name) {
			return description() + "/" + name;
		}

		@Override
		public String keyOwner() {
			return "the environment's";
		}

		@Override
		public String notFoundHint() {
			return EnvironmentSecretsClient.NOT_FOUND_HINT;
		}

		@Override
		public String deleteNotFoundHint() {
			return "The secret, the environment or the repository does not exist, or the bot lost access.";
		}

		@Override
		public String readNeeds() {
			return EnvironmentSecretsClient.READ_SECRETS_NEEDS;
		}

		@Override
		public String writeNeeds() {
			return EnvironmentSecretsClient.WRITE_SECRETS_NEEDS;
		}

	}

	/** A repository's Actions secrets (every workflow of the repository sees them). */
	record RepositoryActions(RepositoryName repository) implements SecretScope {

		static final String NOT_FOUND_HINT = "The bot may have lost access to the repository, or it was deleted.";

		static final String READ_NEEDS = "Reading repository Actions secrets needs write access to the repository "
				+ "(classic PAT: repo scope) and, for a GitHub App or a fine-grained token, Secrets read.";

		static final String WRITE_NEEDS = "Writing repository Actions secrets needs write access to the repository "
				+ "(classic PAT: repo scope) and, for a GitHub App or a fine-grained token, Secrets write.";

		@Override
		public String path() {
			return repositoryPath(repository) + "/actions/secrets";
		}

		@Override
		public String description() {
			return repository + " (repository Actions secrets)";
		}

		@Override
		public String secret(SecretName name) {
			return "Actions secret " + name + " of " + repository;
		}

		@Override
		public String keyOwner() {
			return "the repository's Actions";
		}

		@Override
		public String notFoundHint() {
			return NOT_FOUND_HINT;
		}

		@Override
		public String readNeeds() {
			return READ_NEEDS;
		}

		@Override
		public String writeNeeds() {
			return WRITE_NEEDS;
		}

	}

	/** A repository's Dependabot secrets (only Dependabot's runs see them, with their own key). */
	record Dependabot(RepositoryName repository) implements SecretScope {

		static final String READ_NEEDS = "Reading Dependabot secrets needs write access to the repository (classic "
				+ "PAT: repo scope) and, for a GitHub App or a fine-grained token, Dependabot secrets read.";

		static final String WRITE_NEEDS = "Writing Dependabot secrets needs write access to the repository (classic "
				+ "PAT: repo scope) and, for a GitHub App or a fine-grained token, Dependabot secrets write.";

		@Override
		public String path() {
			return repositoryPath(repository) + "/dependabot/secrets";
		}

		@Override
		public String description() {
			return repository + " (Dependabot secrets)";
		}

		@Override
		public String secret(SecretName name) {
			return "Dependabot secret " + name + " of " + repository;
		}

		@Override
		public String keyOwner() {
			return "the repository's Dependabot";
		}

		@Override
		public String notFoundHint() {
			return RepositoryActions.NOT_FOUND_HINT;
		}

		@Override
		public String readNeeds() {
			return READ_NEEDS;
		}

		@Override
		public String writeNeeds() {
			return WRITE_NEEDS;
		}

	}

	/**
	 * An organisation's Actions secrets, each visible to all, the private or a selected list of its
	 * repositories ({@link OrganisationSecretsClient}).
	 *
	 * @param organisation the organisation's login, checked like a repository owner
	 */
	record Organisation(String organisation) implements SecretScope {

		static final String NOT_FOUND_HINT = "The organisation does not exist, or the writer cannot see it.";

		static final String READ_NEEDS = "Reading organisation Actions secrets needs an owner of the organisation "
				+ "(classic PAT: admin:org scope) or, for a GitHub App or a fine-grained token, the organisation "
				+ "permission Secrets read.";

		static final String WRITE_NEEDS = "Writing organisation Actions secrets needs an owner of the organisation "
				+ "(classic PAT: admin:org scope) or, for a GitHub App or a fine-grained token, the organisation "
				+ "permission Secrets write.";

		public Organisation {
			// The owner rules are the organisation's: reuse their check and message.
			new RepositoryName(organisation, "x");
		}

		@Override
		public String path() {
			return "/orgs/" + organisation + "/actions/secrets";
		}

		@Override
		public String description() {
			return "organisation " + organisation + " (Actions secrets)";
		}

		@Override
		public String secret(SecretName name) {
			return "Actions secret " + name + " of organisation " + organisation;
		}

		@Override
		public String keyOwner() {
			return "the organisation's Actions";
		}

		@Override
		public String notFoundHint() {
			return NOT_FOUND_HINT;
		}

		@Override
		public String readNeeds() {
			return READ_NEEDS;
		}

		@Override
		public String writeNeeds() {
			return WRITE_NEEDS;
		}

	}

}
