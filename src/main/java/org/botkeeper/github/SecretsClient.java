package org.botkeeper.github;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import org.botkeeper.crypto.SealedBox;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.SecretName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads, writes and deletes one secret of any {@link SecretScope}: the public key, the secret's
 * metadata (conditional: a repeated read GitHub answers 304 costs no primary quota), a sealed write
 * and a delete, all paced by the shared {@link GitHubTransport}
 * (<a href="https://docs.github.com/en/rest/actions/secrets">Actions secrets</a>,
 * <a href="https://docs.github.com/en/rest/dependabot/secrets">Dependabot secrets</a>).
 */
public final class SecretsClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Writes of one value at most: the first, and one more after the scope's key changed under it. */
	private static final int WRITES_PER_KEY_CHANGE = 2;

	private final GitHubTransport transport;

	public SecretsClient(GitHubTransport transport) {
		this.transport = transport;
	}

	/** The scope's public key (never another scope's: that one would store garbage). */
	public SecretsPublicKey publicKey(SecretScope scope) {
		GitHubResponse response = transport.send(GitHubRequest
			.get(scope.publicKeyPath(), "read the public key of " + scope.description())
			.notFoundHint(scope.hints().notFound())
			.forbiddenHint(scope.hints().readNeeds()));
		return GitHubAnswers.read("read the public key of " + scope.description(), () -> {
			JsonNode key = JSON.readTree(response.body());
			return new SecretsPublicKey(key.path("key_id").asString(), key.path("key").asString());
		});
	}

	/** The secret's metadata with the ETag of the answer, or empty when GitHub answers 404 for it. */
	public Optional<Seen<SecretMetadata>> secretSeen(SecretScope scope, SecretName name) {
		return secretResponse(scope, name, Optional.empty())
			.map(response -> new Seen<>(metadata(scope, name, response), response.etag()));
	}

	/**
	 * The secret's {@code updated_at}, or empty when GitHub answers 404 for it. {@code known} is what an
	 * earlier read showed, with that read's ETag: when nothing is cached, it is asked about, and GitHub's
	 * 304 (free of primary quota) means it still holds.
	 */
	public Optional<Seen<Instant>> secretUpdatedAt(SecretScope scope, SecretName name, Optional<Seen<Instant>> known) {
		return secretResponse(scope, name, known.flatMap(Seen::etag))
			.map(response -> response.unchangedSinceKnown() ? known.get()
					: new Seen<>(metadata(scope, name, response).updatedAt(), response.etag()));
	}

	/** The raw answer to a read of the secret (organisation secrets tell more than the metadata). */
	Optional<GitHubResponse> secretResponse(SecretScope scope, SecretName name, Optional<String> knownEtag) {
		try {
			return Optional.of(transport.send(GitHubRequest.get(scope.secretPath(name), "read " + scope.secret(name))
				.notFoundHint(scope.hints().notFound())
				.forbiddenHint(scope.hints().readNeeds())
				.ifNoneMatch(knownEtag)));
		}
		catch (GitHubNotFoundException ex) {
			return Optional.empty();
		}
	}

	private static SecretMetadata metadata(SecretScope scope, SecretName name, GitHubResponse response) {
		return GitHubAnswers.read("read " + scope.secret(name), () -> metadata(JSON.readTree(response.body())));
	}

	static SecretMetadata metadata(JsonNode secret) {
		return new SecretMetadata(new SecretName(secret.path("name").asString()),
				Instant.parse(secret.path("created_at").asString()), Instant.parse(secret.path("updated_at").asString()));
	}

	/**
	 * Seals {@code value} with the scope's current key and stores it, then checks that the key is still
	 * the scope's: GitHub does not refuse a box sealed to a key the scope no longer has, it stores a value
	 * that never opens (<a href="https://github.com/cli/cli/issues/3831">cli/cli#3831</a>). When the key
	 * changed between fetch and write (GitHub answered 422 to the key id, or the key read after the write
	 * is another), the value is sealed to the new key and written once more; a key that changed again
	 * after that leaves the write unconfirmed ({@link ItemFailedException}). The read after the write is
	 * conditional: while the key stays the same it is a 304, free of primary quota. This is the only place
	 * the key is checked: GitHub keeps the key id sent with each secret, so a key that changes later
	 * leaves a confirmed value as it was.
	 */
	public SecretWrite putSecret(SecretScope scope, SecretName name, SecretValue value) {
		return putSecret(scope, name, value, body -> {
		});
	}

	/** {@link #putSecret(SecretScope, SecretName, SecretValue)} with more fields in the body (visibility). */
	SecretWrite putSecret(SecretScope scope, SecretName name, SecretValue value, Consumer<ObjectNode> fields) {
		String secret = scope.secret(name);
		SecretsPublicKey key;
		try {
			key = publicKey(scope);
		}
		catch (GitHubNotFoundException ex) {
			// Say it per secret, the way the person running the sync thinks of it.
			throw new GitHubNotFoundException("Cannot update " + secret + ": GitHub returned 404. " + scope.hints().notFound());
		}
		boolean created = false;
		for (int attempt = 1;; attempt++) {
			try {
				created |= put(scope, name, value, key, fields);
			}
			catch (GitHubException ex) {
				if (ex.status() != 422 || attempt == WRITES_PER_KEY_CHANGE) {
					throw ex;
				}
				SecretsPublicKey fresh = publicKey(scope);
				if (fresh.keyId().equals(key.keyId())) {
					throw ex;
				}
				key = fresh;
				continue;
			}
			SecretsPublicKey now = publicKey(scope);
			if (now.keyId().equals(key.keyId())) {
				return new SecretWrite(created, key.keyId(), attempt > 1);
			}
			if (attempt == WRITES_PER_KEY_CHANGE) {
				// Not confirmed: the write's intent stays in the ledger, so the next run writes it again (plans
				// do not look at the key, so nothing else would).
				throw new ItemFailedException("Wrote " + secret + ", but " + scope.hints().keyOwner() + " public key changed "
						+ "again right after the write: the value may not open. Not confirmed; the next sync writes it again.");
			}
			key = now;
		}
	}

	/** Deletes the secret; GitHub answers 204 (and 404 when it was not there). */
	public void deleteSecret(SecretScope scope, SecretName name) {
		transport.send(GitHubRequest.of("DELETE", scope.secretPath(name), null, "delete " + scope.secret(name))
			.notFoundHint(scope.hints().deleteNotFound())
			.forbiddenHint(scope.hints().writeNeeds())
			.secret());
	}

	private boolean put(SecretScope scope, SecretName name, SecretValue value, SecretsPublicKey key,
			Consumer<ObjectNode> fields) {
		String secret = scope.secret(name);
		ObjectNode body = JSON.createObjectNode();
		body.put("encrypted_value", GitHubAnswers.read("seal the value of " + secret + " with GitHub's public key",
				() -> SealedBox.seal(value, key.key())));
		body.put("key_id", key.keyId());
		fields.accept(body);
		GitHubResponse response = transport
			.send(GitHubRequest.of("PUT", scope.secretPath(name), JSON.writeValueAsString(body), "update " + secret)
				.notFoundHint(scope.hints().notFound())
				.forbiddenHint(scope.hints().writeNeeds())
				.secret());
		return response.status() == 201;
	}

}
