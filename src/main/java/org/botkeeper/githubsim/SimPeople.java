package org.botkeeper.githubsim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * People who log in to Vault with their own GitHub token (Vault's GitHub auth method asks GitHub who
 * the token belongs to, its organisations and its teams), and the organisations they belong to.
 */
public final class SimPeople {

	/** A team of an organisation, as {@code GET /user/teams} lists it. */
	public record Team(long id, String name, String slug, Organization organization) {
	}

	public record Organization(long id, String login) {
	}

	/** A person: their login, organisations and teams. */
	public record Person(long id, String login, List<Organization> organizations, List<Team> teams) {
	}

	private final AtomicLong ids = new AtomicLong(7000);

	private final Map<String, Organization> organizations = new ConcurrentHashMap<>();

	private final Map<String, Person> byToken = new ConcurrentHashMap<>();

	/** The owners of tokens registered without a person, by lower-case login, so each keeps one id. */
	private final Map<String, Person> tokenOwners = new ConcurrentHashMap<>();

	private final SimCredentials credentials;

	SimPeople(SimCredentials credentials) {
		this.credentials = credentials;
	}

	public Organization organization(String login) {
		return organizations.computeIfAbsent(login.toLowerCase(java.util.Locale.ROOT),
				key -> new Organization(ids.incrementAndGet(), login));
	}

	/**
	 * Registers a person whose GitHub token is {@code token}; {@code teams} are "org/team-slug". The
	 * token is accepted by the simulator from now on.
	 */
	public Person addPerson(String login, String token, List<String> organizationLogins, List<String> teams) {
		List<Organization> orgs = new CopyOnWriteArrayList<>();
		organizationLogins.forEach(org -> orgs.add(organization(org)));
		List<Team> memberships = new CopyOnWriteArrayList<>();
		for (String team : teams) {
			String[] parts = team.split("/", 2);
			String slug = parts[1];
			memberships.add(new Team(ids.incrementAndGet(), slug, slug, organization(parts[0])));
		}
		Person person = new Person(ids.incrementAndGet(), login, orgs, memberships);
		credentials.classicToken(token, login, null, "read:org");
		byToken.put(token, person);
		return person;
	}

	Optional<Person> byToken(String token) {
		return Optional.ofNullable(byToken.get(token));
	}

	/**
	 * Who {@code GET /user} says a token belongs to: a registered person, else the login a personal
	 * access token of {@link SimCredentials} acts for (the bot's own token, say), as a person with no
	 * organisations or teams and an id that stays the same for that login. Empty for an App installation.
	 */
	Optional<Person> owner(String token) {
		return byToken(token).or(() -> credentials.token(token)
			.map(SimCredentials.TokenInfo::login)
			.filter(login -> login != null)
			.map(login -> tokenOwners.computeIfAbsent(login.toLowerCase(java.util.Locale.ROOT),
					key -> new Person(ids.incrementAndGet(), login, List.of(), List.of()))));
	}

	Optional<Organization> find(String login) {
		return Optional.ofNullable(organizations.get(login.toLowerCase(java.util.Locale.ROOT)));
	}

}
