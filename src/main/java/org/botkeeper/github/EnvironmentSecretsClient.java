package org.botkeeper.github;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes Actions environments and their secrets (<a href="https://docs.github.com/en/rest/deployments/environments">environments</a>,
 * <a href="https://docs.github.com/en/rest/actions/secrets">Actions secrets</a>). Every read is
 * conditional (a repeated read GitHub answers 304 costs no primary quota); every write is paced by
 * the shared {@link GitHubTransport}. The operations on one binding's secret are {@link SecretsClient}'s,
 * in the binding's scope ({@link SecretScope#of}: its environment's, or the repository's Actions or
 * Dependabot secrets for bindings of those kinds).
 */
public final class EnvironmentSecretsClient {

	static final String NOT_FOUND_HINT = "The bot may have lost access to the repository, or the environment was "
			+ "deleted.";

	/** What GitHub documents for reading an environment (a 403 otherwise). */
	static final String READ_ENVIRONMENT_NEEDS = "Reading an environment needs read access to the repository and, "
			+ "for a GitHub App or a fine-grained token, Actions read.";

	/** What GitHub documents for creating an environment. */
	static final String CREATE_ENVIRONMENT_NEEDS = "Creating an environment needs an admin of the repository (a PAT) "
			+ "or Administration write (a GitHub App or a fine-grained token); or create it by hand: Settings > "
			+ "Environments.";

	/** What GitHub documents for reading environment secrets and their key. */
	static final String READ_SECRETS_NEEDS = "Reading environment secrets needs write access to the repository and, "
			+ "for a GitHub App or a fine-grained token, Environments and Secrets read.";

	/** What GitHub documents for writing environment secrets. */
	static final String WRITE_SECRETS_NEEDS = "Writing environment secrets needs write access to the repository and, "
			+ "for a GitHub App or a fine-grained token, Environments and Secrets write.";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final GitHubTransport transport;

	private final SecretsClient secrets;

	public EnvironmentSecretsClient(GitHubTransport transport) {
		this.transport = transport;
		this.secrets = new SecretsClient(transport);
	}

	/**
	 * The environment, or empty when GitHub answers 404 (the environment does not exist, or the
	 * repository is gone or invisible to the writer).
	 */
	public Optional<GitHubEnvironment> environment(RepositoryName repository, EnvironmentName environment) {
		try {
			GitHubResponse response = transport
				.send(GitHubRequest.get(environmentPath(repository, environment), "read environment " + repository + ":"
						+ environment).forbiddenHint(READ_ENVIRONMENT_NEEDS));
			return Optional.of(read("read environment " + repository + ":" + environment,
					() -> EnvironmentJson.read(JSON.readTree(response.body()))));
		}
		catch (GitHubNotFoundException ex) {
			return Optional.empty();
		}
	}

	/** Creates the environment, or updates its branch policy; empty policy lets every branch deploy. */
	public GitHubEnvironment putEnvironment(RepositoryName repository, EnvironmentName environment,
			Optional<DeploymentBranchPolicy> policy) {
		ObjectNode body = JSON.createObjectNode();
		if (policy.isPresent()) {
			body.putObject("deployment_branch_policy")
				.put("protected_branches", policy.get().protectedBranches())
				.put("custom_branch_policies", policy.get().customBranchPolicies());
		}
		else {
			body.putNull("deployment_branch_policy");
		}
		GitHubResponse response = transport.send(GitHubRequest
			.of("PUT", environmentPath(repository, environment), JSON.writeValueAsString(body),
					"create environment " + repository + ":" + environment)
			.notFoundHint("The repository is gone or the writer cannot see it.")
			.forbiddenHint(CREATE_ENVIRONMENT_NEEDS));
		return read("create environment " + repository + ":" + environment,
				() -> EnvironmentJson.read(JSON.readTree(response.body())));
	}

	/** Creates the environment restricted to protected branches (botkeeper's default). */
	public GitHubEnvironment createEnvironment(RepositoryName repository, EnvironmentName environment) {
		return putEnvironment(repository, environment, Optional.of(DeploymentBranchPolicy.PROTECTED_BRANCHES));
	}

	/** The environment's public key (never the repository's: that one would store garbage). */
	public SecretsPublicKey publicKey(RepositoryName repository, EnvironmentName environment) {
		return secrets.publicKey(new SecretScope.Environment(repository, environment));
	}

	/** Names and times of every secret in the environment (GitHub never returns values). */
	public List<SecretMetadata> secrets(RepositoryName repository, EnvironmentName environment) {
		List<SecretMetadata> all = new ArrayList<>();
		ListPages.walk(transport::send, GitHubRequest
			.get(environmentPath(repository, environment) + "/secrets", "list secrets of " + repository + ":" + environment)
			.notFoundHint(NOT_FOUND_HINT)
			.forbiddenHint(READ_SECRETS_NEEDS), response -> read("list secrets of " + repository + ":" + environment, () -> {
				JsonNode list = JSON.readTree(response.body()).path("secrets");
				list.forEach(secret -> all.add(metadata(secret)));
				return list;
			}).size());
		return all;
	}

	/** The secret's metadata, or empty when GitHub answers 404 for it. */
	public Optional<SecretMetadata> secret(Binding binding) {
		return secretSeen(binding).map(Seen::value);
	}

	/** {@link #secret(Binding)} with the ETag of the answer. */
	public Optional<Seen<SecretMetadata>> secretSeen(Binding binding) {
		return secrets.secretSeen(scope(binding), binding.secretName());
	}

	/**
	 * The secret's {@code updated_at}, or empty when GitHub answers 404 for it. {@code known} is what an
	 * earlier read showed, with that read's ETag (from the ledger): when nothing is cached, it is asked
	 * about, and GitHub's 304 (free of primary quota) means it still holds.
	 */
	public Optional<Seen<Instant>> secretUpdatedAt(Binding binding, Optional<Seen<Instant>> known) {
		return secrets.secretUpdatedAt(scope(binding), binding.secretName(), known);
	}

	/**
	 * Seals {@code value} with the environment's current key, stores it and checks the key right after
	 * the write ({@link SecretsClient#putSecret(SecretScope, SecretName, SecretValue)}: GitHub stores a
	 * box sealed to a stale key as garbage, <a href="https://github.com/cli/cli/issues/3831">cli/cli#3831</a>).
	 */
	public SecretWrite putSecret(Binding binding, SecretValue value) {
		return secrets.putSecret(scope(binding), binding.secretName(), value);
	}

	/** Deletes the secret; GitHub answers 204 (and 404 when it was not there). */
	public void deleteSecret(Binding binding) {
		secrets.deleteSecret(scope(binding), binding.secretName());
	}

	/** The binding's scope: its environment's secrets, or the repository's Actions or Dependabot secrets. */
	private static SecretScope scope(Binding binding) {
		return SecretScope.of(binding);
	}

	private static <T> T read(String what, java.util.function.Supplier<T> parse) {
		return GitHubAnswers.read(what, parse);
	}

	private static SecretMetadata metadata(JsonNode secret) {
		return SecretsClient.metadata(secret);
	}

	static String environmentPath(RepositoryName repository, EnvironmentName environment) {
		return "/repos/" + repository.owner() + "/" + repository.repo() + "/environments/"
				+ PathSegment.encode(environment.value());
	}

}
