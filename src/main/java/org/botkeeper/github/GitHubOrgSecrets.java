package org.botkeeper.github;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.sync.ItemFailedException;
import org.botkeeper.sync.OrgObservation;
import org.botkeeper.sync.OrgSecretDestination;
import org.botkeeper.sync.OrgSecretTarget;
import tools.jackson.databind.json.JsonMapper;

/**
 * Organisation Actions secrets as the sync's destination, written as the organisation's writer with
 * visibility {@code selected} only. Repositories are named in Vault and given to GitHub by id: an id
 * comes from GitHub's own list of the secret's repositories when the repository is on it, else from a
 * read of the repository (so a steady state costs no read per repository). Failures are sorted as
 * {@link GitHubDestination} sorts them.
 */
public final class GitHubOrgSecrets implements OrgSecretDestination {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OrganisationSecretsClient client;

	private final SecretsClient secrets;

	private final GitHubTransport transport;

	private final GitHubDestination guard;

	/** @param owner the organisation whose own writer {@code connection} is; null for the default writer */
	public GitHubOrgSecrets(GitHubConnection connection, String owner) {
		this.client = connection.organisationSecrets();
		this.secrets = connection.secrets();
		this.transport = connection.transport();
		this.guard = new GitHubDestination(connection, owner);
	}

	@Override
	public OrgObservation observe(OrgSecretTarget target, SortedSet<String> repositories) {
		return guard.guarded(() -> {
			SecretScope.Organisation scope = scope(target);
			Optional<OrganisationSecret> secret = client.secret(scope, target.secretName());
			Map<String, Long> ids = new HashMap<>();
			SortedSet<String> selected = new TreeSet<>();
			if (secret.isPresent() && secret.get().visibility() == OrganisationVisibility.Kind.SELECTED) {
				for (SelectedRepository repository : client.selectedRepositories(scope, target.secretName())) {
					String name = name(target, repository);
					selected.add(name);
					ids.put(name, repository.id());
				}
			}
			List<String> unknown = new ArrayList<>();
			for (String repository : repositories) {
				if (!ids.containsKey(repository) && id(target, repository).isEmpty()) {
					unknown.add(repository);
				}
			}
			return secret.map(s -> OrgObservation.seen(s.metadata().updatedAt(), s.visibility().value(), selected, unknown))
				.orElseGet(() -> OrgObservation.missing(unknown));
		});
	}

	@Override
	public Instant push(OrgSecretTarget target, SecretValue value, SortedSet<String> repositories) {
		return guard.guarded(() -> {
			SecretScope.Organisation scope = scope(target);
			client.putSecret(scope, target.secretName(), value, OrganisationVisibility.selected(ids(target, repositories)));
			// A PUT answers without a body: read the secret back for the updated_at the ledger keeps.
			return client.secret(scope, target.secretName())
				.map(secret -> secret.metadata().updatedAt())
				.orElseThrow(() -> new ItemFailedException("Cannot confirm " + target + ": GitHub accepted the write but "
						+ "the secret is not there. Another writer may have deleted it."));
		});
	}

	@Override
	public void select(OrgSecretTarget target, SortedSet<String> repositories) {
		guard.guarded(() -> {
			client.selectRepositories(scope(target), target.secretName(), ids(target, repositories));
			return null;
		});
	}

	@Override
	public void delete(OrgSecretTarget target) {
		guard.guarded(() -> {
			try {
				secrets.deleteSecret(scope(target), target.secretName());
			}
			catch (GitHubNotFoundException ex) {
				// Already gone: that is what was asked for.
			}
			return null;
		});
	}

	/** Every repository's id, or a failure naming those GitHub does not show the writer. */
	private Set<Long> ids(OrgSecretTarget target, SortedSet<String> repositories) {
		Set<Long> ids = new TreeSet<>();
		List<String> unknown = new ArrayList<>();
		for (String repository : repositories) {
			id(target, repository).ifPresentOrElse(ids::add, () -> unknown.add(target.organisation() + "/" + repository));
		}
		if (!unknown.isEmpty()) {
			throw new ItemFailedException("Not written: " + String.join(", ", unknown) + " does not exist on GitHub, or "
					+ "the writer cannot see it; the secret is left as it was.");
		}
		return ids;
	}

	/** The repository's id, or empty when GitHub answers 404 or 403 for it (does not exist, or not for this writer). */
	private Optional<Long> id(OrgSecretTarget target, String repository) {
		String what = "read repository " + target.organisation() + "/" + repository;
		try {
			GitHubResponse response = transport
				.send(GitHubRequest.get("/repos/" + target.organisation() + "/" + repository, what));
			return Optional.of(GitHubAnswers.read(what, () -> JSON.readTree(response.body()).path("id").asLong()));
		}
		catch (GitHubNotFoundException | GitHubForbiddenException ex) {
			return Optional.empty();
		}
	}

	private static String name(OrgSecretTarget target, SelectedRepository repository) {
		String name = repository.name().repo().toLowerCase(Locale.ROOT);
		return repository.name().owner().equalsIgnoreCase(target.organisation()) ? name
				: repository.name().toString().toLowerCase(Locale.ROOT);
	}

	private static SecretScope.Organisation scope(OrgSecretTarget target) {
		return new SecretScope.Organisation(target.organisation());
	}

}
