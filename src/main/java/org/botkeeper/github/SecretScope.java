package org.botkeeper.github;

import org.botkeeper.sync.Binding;
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

	/** What messages about the scope say: whose key it is, what a 404 or a 403 there means. */
	Hints hints();

	/**
	 * @param keyOwner whose key it is, to finish "..., but {@code keyOwner} public key changed"
	 * @param notFound what a 404 for the scope or a write to it means
	 * @param deleteNotFound what a 404 to a delete means
	 * @param readNeeds what a 403 to a read (a secret, the public key) means: the permission GitHub documents
	 * @param writeNeeds what a 403 to a write or a delete means: the permission GitHub documents
	 */
	record Hints(String keyOwner, String notFound, String deleteNotFound, String readNeeds, String writeNeeds) {
	}

	default String secretPath(SecretName name) {
		return path() + "/" + name.value();
	}

	default String publicKeyPath() {
		return path() + "/public-key";
	}

	/** Where a binding's secret lives. */
	static SecretScope of(Binding binding) {
		return switch (binding.kind()) {
			case ENVIRONMENT -> new Environment(binding.repository(), binding.environment());
			case REPOSITORY -> new RepositoryActions(binding.repository());
			case DEPENDABOT -> new Dependabot(binding.repository());
		};
	}

	private static String repositoryPath(RepositoryName repository) {
		return "/repos/" + repository.owner() + "/" + repository.repo();
	}

	/** An Actions environment's secrets: what bindings write. */
	record Environment(RepositoryName repository, EnvironmentName environment) implements SecretScope {

		private static final Hints HINTS = new Hints("the environment's", EnvironmentSecretsClient.NOT_FOUND_HINT,
				"The secret, the environment or the repository does not exist, or the bot lost access.",
				EnvironmentSecretsClient.READ_SECRETS_NEEDS, EnvironmentSecretsClient.WRITE_SECRETS_NEEDS);

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
		public Hints hints() {
			return HINTS;
		}

	}

	/** A repository's Actions secrets (every workflow of the repository sees them). */
	record RepositoryActions(RepositoryName repository) implements SecretScope {

		static final String NOT_FOUND_HINT = "The bot may have lost access to the repository, or it was deleted.";

		static final String READ_NEEDS = "Reading repository Actions secrets needs write access to the repository "
				+ "(classic PAT: repo scope) and, for a GitHub App or a fine-grained token, Secrets read.";

		static final String WRITE_NEEDS = "Writing repository Actions secrets needs write access to the repository "
				+ "(classic PAT: repo scope) and, for a GitHub App or a fine-grained token, Secrets write.";

		private static final Hints HINTS = new Hints("the repository's Actions", NOT_FOUND_HINT,
				"The secret does not exist. " + NOT_FOUND_HINT, READ_NEEDS, WRITE_NEEDS);

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
		public Hints hints() {
			return HINTS;
		}

	}

	/** A repository's Dependabot secrets (only Dependabot's runs see them, with their own key). */
	record Dependabot(RepositoryName repository) implements SecretScope {

		static final String READ_NEEDS = "Reading Dependabot secrets needs write access to the repository (classic "
				+ "PAT: repo scope) and, for a GitHub App or a fine-grained token, Dependabot secrets read.";

		static final String WRITE_NEEDS = "Writing Dependabot secrets needs write access to the repository (classic "
				+ "PAT: repo scope) and, for a GitHub App or a fine-grained token, Dependabot secrets write.";

		private static final Hints HINTS = new Hints("the repository's Dependabot", RepositoryActions.NOT_FOUND_HINT,
				"The secret does not exist. " + RepositoryActions.NOT_FOUND_HINT, READ_NEEDS, WRITE_NEEDS);

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
		public Hints hints() {
			return HINTS;
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
				+ "with, for a classic PAT, the admin:org scope or, for a fine-grained token, the organisation permission "
				+ "Secrets read (a GitHub App installed on the organisation: that permission alone).";

		static final String WRITE_NEEDS = "Writing organisation Actions secrets needs an owner of the organisation "
				+ "with, for a classic PAT, the admin:org scope or, for a fine-grained token, the organisation permission "
				+ "Secrets write (a GitHub App installed on the organisation: that permission alone).";

		private static final Hints HINTS = new Hints("the organisation's Actions", NOT_FOUND_HINT,
				"The secret does not exist. " + NOT_FOUND_HINT, READ_NEEDS, WRITE_NEEDS);

		public Organisation {
			// An organisation's login follows the rules of a repository owner: the same check, before any request.
			new RepositoryName(organisation, "repository");
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
		public Hints hints() {
			return HINTS;
		}

	}

}
