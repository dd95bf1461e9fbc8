package org.botkeeper.vault;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.RepositoryName;

/**
 * The operator's marks that a binding's workflows read its token from Vault with their OIDC token
 * ({@code oidc enable --remove-secret}), so the broker deletes the environment secret it owns there and
 * does not create it again. One KV record per binding, {@code oidc/OWNER/REPO}, holding no secret: the
 * environment the mark is about and since when. Only the operator's policy writes it (a policy that could
 * would make the broker delete a repository's secret); the broker's reads it.
 *
 * @see VaultLayout#oidcPath
 */
public final class OidcDelivery {

	static final String DELIVERY = "delivery";

	static final String ENVIRONMENT = "environment";

	static final String REMOVE_SECRET = "remove_secret";

	static final String SINCE = "since";

	private final KvRecords kv;

	/** @param policy the policy a person should check when a call is denied */
	public OidcDelivery(VaultConnection connection, VaultLayout layout, String policy) {
		this.kv = new KvRecords(connection, layout, policy);
	}

	/**
	 * A binding delivered by OIDC alone: the broker deletes its environment secret in {@code environment}
	 * (and only there: a binding moved to another environment is pushed as usual).
	 */
	public record Mark(RepositoryName repository, EnvironmentName environment, Instant since) {
	}

	/** The mark of {@code repository}, if there is one. */
	public Optional<Mark> read(RepositoryName repository) {
		return kv.data(VaultLayout.oidcPath(repository), 0).flatMap(data -> mark(repository, data));
	}

	/**
	 * Every mark, by repository: two lists (owners, then each owner's repositories) and one read per mark,
	 * whatever the number of bindings; marks are few.
	 */
	public Map<RepositoryName, Mark> all() {
		Map<RepositoryName, Mark> marks = new HashMap<>();
		for (String owner : kv.list(VaultLayout.OIDC)) {
			if (!owner.endsWith("/")) {
				continue;
			}
			String name = owner.substring(0, owner.length() - 1);
			for (String repo : kv.list(VaultLayout.OIDC + "/" + name)) {
				if (!repo.endsWith("/")) {
					RepositoryName repository = new RepositoryName(name, repo);
					read(repository).ifPresent(mark -> marks.put(repository, mark));
				}
			}
		}
		return marks;
	}

	/** Writes {@code mark}, over whatever version is there now. */
	public void write(Mark mark) {
		String path = VaultLayout.oidcPath(mark.repository());
		Map<String, Object> data = new LinkedHashMap<>();
		data.put(DELIVERY, "oidc");
		data.put(ENVIRONMENT, mark.environment().value());
		data.put(REMOVE_SECRET, "true");
		data.put(SINCE, mark.since().toString());
		kv.put(path, data, kv.metadata(path).map(KvMetadata::currentVersion).orElse(0L));
	}

	/** Deletes the mark of {@code repository}, every version of it. */
	public void remove(RepositoryName repository) {
		kv.destroy(VaultLayout.oidcPath(repository));
	}

	/** A record that says less than a mark must (written by hand?) marks nothing: the secret stays. */
	private static Optional<Mark> mark(RepositoryName repository, Map<String, Object> data) {
		if (!"oidc".equals(String.valueOf(data.get(DELIVERY))) || !"true".equals(String.valueOf(data.get(REMOVE_SECRET)))
				|| !(data.get(ENVIRONMENT) instanceof String environment)) {
			return Optional.empty();
		}
		try {
			Instant since = data.get(SINCE) == null ? Instant.EPOCH : Instant.parse(data.get(SINCE).toString());
			return Optional.of(new Mark(repository, new EnvironmentName(environment), since));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

}
