package org.botkeeper.github;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.botkeeper.crypto.SealedBox;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes Actions environments and their secrets (<a href="https://docs.github.com/en/rest/deployments/environments">environments</a>,
 * <a href="https://docs.github.com/en/rest/actions/secrets">Actions secrets</a>). Every read is
 * conditional (a repeated read GitHub answers 304 costs no primary quota); every write is paced by
 * the shared {@link GitHubTransport}.
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

	/** Writes of one value at most: the first, and one more after the environment's key changed under it. */
	private static final int WRITES_PER_KEY_CHANGE = 2;

	private final GitHubTransport transport;

	public EnvironmentSecretsClient(GitHubTransport transport) {
		this.transport = transport;
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
	public EnvironmentPublicKey publicKey(RepositoryName repository, EnvironmentName environment) {
		return publicKey(repository, environment, transport.send(GitHubRequest
			.get(environmentPath(repository, environment) + "/secrets/public-key",
					"read the public key of " + repository + ":" + environment)
			.notFoundHint(NOT_FOUND_HINT)
			.forbiddenHint(READ_SECRETS_NEEDS)));
	}

	private static EnvironmentPublicKey publicKey(RepositoryName repository, EnvironmentName environment,
			GitHubResponse response) {
		return read("read the public key of " + repository + ":" + environment, () -> {
			JsonNode key = JSON.readTree(response.body());
			return new EnvironmentPublicKey(key.path("key_id").asString(), key.path("key").asString());
		});
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
		return secretResponse(binding, Optional.empty())
			.map(response -> new Seen<>(metadata(binding, response), response.etag()));
	}

	/**
	 * The secret's {@code updated_at}, or empty when GitHub answers 404 for it. {@code known} is what an
	 * earlier read showed, with that read's ETag (from the ledger): when nothing is cached, it is asked
	 * about, and GitHub's 304 (free of primary quota) means it still holds.
	 */
	public Optional<Seen<Instant>> secretUpdatedAt(Binding binding, Optional<Seen<Instant>> known) {
		return secretResponse(binding, known.flatMap(Seen::etag))
			.map(response -> response.unchangedSinceKnown() ? known.get()
					: new Seen<>(metadata(binding, response).updatedAt(), response.etag()));
	}

	private Optional<GitHubResponse> secretResponse(Binding binding, Optional<String> knownEtag) {
		try {
			return Optional.of(transport.send(GitHubRequest.get(secretPath(binding), "read " + binding)
				.notFoundHint(NOT_FOUND_HINT)
				.forbiddenHint(READ_SECRETS_NEEDS)
				.ifNoneMatch(knownEtag)));
		}
		catch (GitHubNotFoundException ex) {
			return Optional.empty();
		}
	}

	private static SecretMetadata metadata(Binding binding, GitHubResponse response) {
		return read("read " + binding, () -> metadata(JSON.readTree(response.body())));
	}

	/**
	 * Seals {@code value} with the environment's current key and stores it, then checks that the key is
	 * still the environment's: GitHub does not refuse a box sealed to a key the environment no longer
	 * has, it stores a value that never opens (<a href="https://github.com/cli/cli/issues/3831">cli/cli#3831</a>).
	 * When the key changed between fetch and write (GitHub answered 422 to the key id, or the key read
	 * after the write is another), the value is sealed to the new key and written once more; a key that
	 * changed again after that leaves the write unconfirmed ({@link ItemFailedException}). The read after
	 * the write is conditional: while the key stays the same it is a 304, free of primary quota. This is
	 * the only place the key is checked: GitHub keeps the key id sent with each secret, so a key that
	 * changes later leaves a confirmed value as it was.
	 */
	public SecretWrite putSecret(Binding binding, SecretValue value) {
		EnvironmentPublicKey key;
		try {
			key = publicKey(binding.repository(), binding.environment());
		}
		catch (GitHubNotFoundException ex) {
			// Say it per binding, the way the person running the sync thinks of it.
			throw new GitHubNotFoundException("Cannot update " + binding + ": GitHub returned 404. " + NOT_FOUND_HINT);
		}
		boolean created = false;
		for (int attempt = 1;; attempt++) {
			try {
				created |= put(binding, value, key);
			}
			catch (GitHubException ex) {
				if (ex.status() != 422 || attempt == WRITES_PER_KEY_CHANGE) {
					throw ex;
				}
				EnvironmentPublicKey fresh = publicKey(binding.repository(), binding.environment());
				if (fresh.keyId().equals(key.keyId())) {
					throw ex;
				}
				key = fresh;
				continue;
			}
			EnvironmentPublicKey now = publicKey(binding.repository(), binding.environment());
			if (now.keyId().equals(key.keyId())) {
				return new SecretWrite(created, key.keyId(), attempt > 1);
			}
			if (attempt == WRITES_PER_KEY_CHANGE) {
				// Not confirmed: the write's intent stays in the ledger, so the next run writes it again (plans
				// do not look at the key, so nothing else would).
				throw new ItemFailedException("Wrote " + binding + ", but the environment's public key changed again "
						+ "right after the write: the value may not open. Not confirmed; the next sync writes it again.");
			}
			key = now;
		}
	}

	/** Deletes the secret; GitHub answers 204 (and 404 when it was not there). */
	public void deleteSecret(Binding binding) {
		transport.send(GitHubRequest.of("DELETE", secretPath(binding), null, "delete " + binding)
			.notFoundHint("The secret, the environment or the repository does not exist, or the bot lost access.")
			.forbiddenHint(WRITE_SECRETS_NEEDS)
			.secret());
	}

	private boolean put(Binding binding, SecretValue value, EnvironmentPublicKey key) {
		ObjectNode body = JSON.createObjectNode();
		body.put("encrypted_value", read("seal the value of " + binding + " with GitHub's public key",
				() -> SealedBox.seal(value, key.key())));
		body.put("key_id", key.keyId());
		GitHubResponse response = transport
			.send(GitHubRequest.of("PUT", secretPath(binding), JSON.writeValueAsString(body), "update " + binding)
				.notFoundHint(NOT_FOUND_HINT)
				.forbiddenHint(WRITE_SECRETS_NEEDS)
				.secret());
		return response.status() == 201;
	}

	/**
	 * Turns an answer that does not have the documented shape (malformed JSON, a missing or garbled
	 * field, a key that is not a key) into a {@link GitHubException} for that item, instead of a crash of
	 * the whole run. The cause's text is left out: it can quote the body.
	 */
	private static <T> T read(String what, java.util.function.Supplier<T> parse) {
		try {
			return parse.get();
		}
		catch (tools.jackson.core.JacksonException | java.time.DateTimeException | IllegalArgumentException
				| NullPointerException | IndexOutOfBoundsException ex) {
			throw new GitHubException("Cannot " + what + ": GitHub's answer does not have the documented shape ("
					+ ex.getClass().getSimpleName() + "). Run again; if it persists, GitHub's API may have changed.", 200);
		}
	}

	private static SecretMetadata metadata(JsonNode secret) {
		return new SecretMetadata(new SecretName(secret.path("name").asString()),
				Instant.parse(secret.path("created_at").asString()), Instant.parse(secret.path("updated_at").asString()));
	}

	static String environmentPath(RepositoryName repository, EnvironmentName environment) {
		return "/repos/" + repository.owner() + "/" + repository.repo() + "/environments/"
				+ PathSegment.encode(environment.value());
	}

	static String secretPath(Binding binding) {
		return environmentPath(binding.repository(), binding.environment()) + "/secrets/"
				+ binding.secretName().value();
	}

}
