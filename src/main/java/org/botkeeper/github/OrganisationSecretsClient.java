package org.botkeeper.github;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.SecretName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An organisation's Actions secrets with their visibility and, for {@code selected}, the list of
 * repositories given the secret (<a href="https://docs.github.com/en/rest/actions/secrets">Actions
 * secrets</a>): writes go through {@link SecretsClient} (the same sealing and key check), with the
 * visibility in the body.
 */
public final class OrganisationSecretsClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String NOT_SELECTED_HINT = "GitHub keeps a list of repositories only for the visibility "
			+ "'selected': write the secret with that visibility first.";

	private final GitHubTransport transport;

	private final SecretsClient secrets;

	public OrganisationSecretsClient(GitHubTransport transport, SecretsClient secrets) {
		this.transport = transport;
		this.secrets = secrets;
	}

	/**
	 * Seals and stores the secret with {@code visibility} (for {@code selected}, its repositories replace
	 * the list GitHub had), as {@link SecretsClient#putSecret(SecretScope, SecretName, SecretValue)} does.
	 */
	public SecretWrite putSecret(SecretScope.Organisation scope, SecretName name, SecretValue value,
			OrganisationVisibility visibility) {
		return secrets.putSecret(scope, name, value, body -> {
			body.put("visibility", visibility.kind().value());
			if (visibility.kind() == OrganisationVisibility.Kind.SELECTED) {
				ids(body, visibility.repositoryIds());
			}
		});
	}

	/** The secret's metadata and visibility, or empty when GitHub answers 404 for it. */
	public Optional<OrganisationSecret> secret(SecretScope.Organisation scope, SecretName name) {
		return secrets.secretResponse(scope, name, Optional.empty())
			.map(response -> GitHubAnswers.read("read " + scope.secret(name), () -> {
				JsonNode secret = JSON.readTree(response.body());
				return new OrganisationSecret(SecretsClient.metadata(secret),
						OrganisationVisibility.Kind.of(secret.path("visibility").asString()));
			}));
	}

	/** The repositories a {@code selected} secret is given to, in GitHub's order. */
	public List<SelectedRepository> selectedRepositories(SecretScope.Organisation scope, SecretName name) {
		String what = "list the repositories of " + scope.secret(name);
		List<SelectedRepository> all = new ArrayList<>();
		ListPages.walk(transport::send, GitHubRequest.get(scope.secretPath(name) + "/repositories", what)
			.notFoundHint(scope.hints().notFound())
			.forbiddenHint(scope.hints().readNeeds()), response -> GitHubAnswers.read(what, () -> {
				JsonNode repositories = JSON.readTree(response.body()).path("repositories");
				for (JsonNode repository : repositories) {
					all.add(new SelectedRepository(repository.path("id").asLong(),
							RepositoryName.parse(repository.path("full_name").asString())));
				}
				return repositories.size();
			}));
		return all;
	}

	/**
	 * Replaces the repositories a {@code selected} secret is given to (GitHub answers 409 when the
	 * secret's visibility is another).
	 */
	public void selectRepositories(SecretScope.Organisation scope, SecretName name, Set<Long> repositoryIds) {
		ObjectNode body = JSON.createObjectNode();
		ids(body, new TreeSet<>(repositoryIds));
		try {
			transport.send(GitHubRequest.of("PUT", scope.secretPath(name) + "/repositories", JSON.writeValueAsString(body),
					"set the repositories of " + scope.secret(name))
				.notFoundHint(scope.hints().notFound())
				.forbiddenHint(scope.hints().writeNeeds()));
		}
		catch (GitHubException ex) {
			if (ex.status() == 409) {
				throw new GitHubException("Cannot set the repositories of " + scope.secret(name) + ": GitHub returned "
						+ "409. " + NOT_SELECTED_HINT, 409, ex);
			}
			throw ex;
		}
	}

	private static void ids(ObjectNode body, Set<Long> repositoryIds) {
		ArrayNode ids = body.putArray("selected_repository_ids");
		repositoryIds.forEach(ids::add);
	}

}
