package org.botkeeper.githubsim;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Everything the simulated GitHub knows: repositories, their environments and secrets, invitations. */
public final class SimState {

	/** The bot account's login: a collaborator with write on every repository unless a test says otherwise. */
	public static final String BOT = "the-bot";

	/** The login of the person whose admin PAT is the writer in tests: an admin of every repository. */
	public static final String WRITER = "the-writer";

	/** A pending invitation for {@code invitee} to join a repository (with write, once accepted). */
	public record Invitation(long id, SimRepository repository, String inviter, Instant createdAt, String invitee) {
	}

	/** Owners of each organisation (lower case): admins of all its repositories, they alone read its secrets. */
	private final Map<String, java.util.Set<String>> owners = new ConcurrentHashMap<>();

	private final Clock clock;

	private final AtomicLong ids = new AtomicLong(1000);

	private final Map<String, SimRepository> repositories = new ConcurrentHashMap<>();

	private final Map<Long, Invitation> invitations = new ConcurrentHashMap<>();

	/** Organisations (other owners are users) and their Actions secrets with the time each was set. */
	private final Map<String, Map<String, Instant>> organisations = new ConcurrentHashMap<>();

	SimState(Clock clock) {
		this.clock = clock;
	}

	public SimRepository addRepository(String fullName) {
		String[] parts = fullName.split("/", 2);
		return repositories.computeIfAbsent(key(parts[0], parts[1]),
				key -> new SimRepository(ids.incrementAndGet(), parts[0], parts[1]));
	}

	public SimRepository repository(String owner, String name) {
		return repositories.get(key(owner, name));
	}

	public SimRepository repository(String fullName) {
		String[] parts = fullName.split("/", 2);
		return repository(parts[0], parts[1]);
	}

	/** Deletes a repository (or takes the bot's access away: GitHub then answers 404 alike). */
	public boolean removeRepository(String fullName) {
		String[] parts = fullName.split("/", 2);
		return repositories.remove(key(parts[0], parts[1])) != null;
	}

	public Collection<SimRepository> repositories() {
		return List.copyOf(repositories.values());
	}

	/** Creates an environment directly, as an admin in the UI would; restricted to protected branches. */
	public SimEnvironment addEnvironment(String fullName, String environmentName) {
		SimEnvironment environment = repository(fullName).createEnvironment(ids.incrementAndGet(), environmentName,
				clock.instant());
		environment.setBranchPolicy(new boolean[] { true, false }, clock.instant());
		return environment;
	}

	SimEnvironment createEnvironment(SimRepository repository, String environmentName) {
		return repository.createEnvironment(ids.incrementAndGet(), environmentName, clock.instant());
	}

	/**
	 * Makes {@code owner} an organisation (GitHub answers 404 for the org endpoints of a user) with
	 * {@code ownerLogins} among its owners.
	 */
	public void addOrganisation(String owner, String... ownerLogins) {
		organisations.computeIfAbsent(owner.toLowerCase(Locale.ROOT), key -> new ConcurrentHashMap<>());
		java.util.Set<String> logins = owners.computeIfAbsent(owner.toLowerCase(Locale.ROOT),
				key -> ConcurrentHashMap.newKeySet());
		for (String login : ownerLogins) {
			logins.add(login.toLowerCase(Locale.ROOT));
		}
	}

	/** True when {@code login} owns the organisation {@code owner}. */
	public boolean isOrganisationOwner(String owner, String login) {
		return login != null && owners.getOrDefault(owner.toLowerCase(Locale.ROOT), java.util.Set.of())
			.contains(login.toLowerCase(Locale.ROOT));
	}

	/**
	 * {@code login}'s role on {@code repository}: an organisation owner is an admin, the owner of a
	 * user's repository too, everyone else has the role they were given; a public repository may be
	 * read by anyone.
	 */
	String role(SimRepository repository, String login) {
		if (login != null && (isOrganisationOwner(repository.owner(), login)
				|| (!organisations.containsKey(repository.owner().toLowerCase(Locale.ROOT))
						&& login.equalsIgnoreCase(repository.owner())))) {
			return "admin";
		}
		String role = repository.collaboratorRole(login);
		return role.equals("none") && repository.isPublic() ? "read" : role;
	}

	/** Stores an organisation-level Actions secret (visible to all repositories of the organisation). */
	public void putOrganisationSecret(String owner, String secretName) {
		addOrganisation(owner);
		organisations.get(owner.toLowerCase(Locale.ROOT)).put(secretName.toUpperCase(Locale.ROOT), clock.instant());
	}

	/** The organisation's secrets, or null when {@code owner} is not an organisation. */
	public Map<String, Instant> organisationSecrets(String owner) {
		Map<String, Instant> secrets = organisations.get(owner.toLowerCase(Locale.ROOT));
		return secrets == null ? null : Map.copyOf(secrets);
	}

	/** Invites the bot ({@link #BOT}) to the repository, creating it when needed. */
	public Invitation invite(String fullName, String inviter) {
		Invitation invitation = new Invitation(ids.incrementAndGet(), addRepository(fullName), inviter, clock.instant(),
				BOT);
		invitations.put(invitation.id(), invitation);
		return invitation;
	}

	java.util.Optional<Invitation> invitation(long id) {
		return java.util.Optional.ofNullable(invitations.get(id));
	}

	public Collection<Invitation> invitations() {
		return List.copyOf(invitations.values());
	}

	Invitation removeInvitation(long id) {
		return invitations.remove(id);
	}

	long nextId() {
		return ids.incrementAndGet();
	}

	Instant now() {
		return clock.instant();
	}

	private static String key(String owner, String name) {
		return (owner + "/" + name).toLowerCase(Locale.ROOT);
	}

}
