package org.botkeeper.githubsim;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An organisation's Actions secrets: one key pair for all of them, and per secret which repositories
 * may use it ({@code all}, {@code private}, or {@code selected} with a list of repository ids), as
 * <a href="https://docs.github.com/en/rest/actions/secrets#create-or-update-an-organization-secret">organisation
 * secrets</a> are documented. The simulator does not hand org secrets to workflows, so the visibility is
 * only kept and reported, never enforced.
 */
public final class SimOrganisation {

	private final String login;

	private final SimSecretStore secrets = new SimSecretStore();

	private final Map<String, String> visibility = new ConcurrentHashMap<>();

	private final Map<String, SortedSet<Long>> selected = new ConcurrentHashMap<>();

	SimOrganisation(String login) {
		this.login = login;
	}

	public String login() {
		return login;
	}

	/** The secrets and their key pair. */
	public SimSecretStore secretStore() {
		return secrets;
	}

	/** Stores a secret visible to all the organisation's repositories, as an owner could in the UI. */
	public SimSecret putOutOfBand(String secretName, String value, Instant now) {
		visibility.put(key(secretName), "all");
		selected.remove(key(secretName));
		return secrets.putOutOfBand(secretName, value, now);
	}

	/** {@code all}, {@code private} or {@code selected}; null when there is no such secret. */
	public String visibility(String secretName) {
		return secrets.secret(secretName) == null ? null : visibility.get(key(secretName));
	}

	/** The ids of the repositories a {@code selected} secret is given to, ascending. */
	public SortedSet<Long> selectedRepositoryIds(String secretName) {
		return new TreeSet<>(selected.getOrDefault(key(secretName), new TreeSet<>()));
	}

	/** Sets who may use the secret; {@code repositoryIds} only count for {@code selected}. */
	void access(String secretName, String newVisibility, Set<Long> repositoryIds) {
		visibility.put(key(secretName), newVisibility);
		if (newVisibility.equals("selected")) {
			selected.put(key(secretName), new TreeSet<>(repositoryIds));
		}
		else {
			selected.remove(key(secretName));
		}
	}

	boolean removeSecret(String secretName) {
		visibility.remove(key(secretName));
		selected.remove(key(secretName));
		return secrets.removeSecret(secretName);
	}

	private static String key(String secretName) {
		return secretName.toUpperCase(Locale.ROOT);
	}

}
