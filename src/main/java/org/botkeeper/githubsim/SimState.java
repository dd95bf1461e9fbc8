package org.botkeeper.githubsim;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

	/**
	 * A team of an organisation: who is in it and which repositories it grants, each with a role
	 * ({@code read}, {@code triage}, {@code write}, {@code maintain}, {@code admin}). Its members have that
	 * role on those repositories, as GitHub gives access through teams.
	 */
	public static final class Team {

		private final long id;

		private final String organisation;

		private final String slug;

		private final java.util.Set<String> members = ConcurrentHashMap.newKeySet();

		private final Map<String, String> repositories = new ConcurrentHashMap<>();

		Team(long id, String organisation, String slug) {
			this.id = id;
			this.organisation = organisation;
			this.slug = slug;
		}

		public long id() {
			return id;
		}

		public String organisation() {
			return organisation;
		}

		public String slug() {
			return slug;
		}

		public Team member(String login) {
			members.add(login.toLowerCase(Locale.ROOT));
			return this;
		}

		/** Grants the team {@code role} on {@code fullName}, or takes it away ({@code none}). */
		public Team grant(String fullName, String role) {
			if (role.equals("none")) {
				repositories.remove(fullName.toLowerCase(Locale.ROOT));
			}
			else {
				repositories.put(fullName.toLowerCase(Locale.ROOT), role);
			}
			return this;
		}

		boolean hasMember(String login) {
			return login != null && members.contains(login.toLowerCase(Locale.ROOT));
		}

		/** The team's role on {@code repository}, or {@code none}. */
		String role(SimRepository repository) {
			return repositories.getOrDefault(repository.fullName().toLowerCase(Locale.ROOT), "none");
		}

	}

	private static final List<String> ROLES = List.of("none", "read", "triage", "write", "maintain", "admin");

	private final Map<String, Team> teams = new ConcurrentHashMap<>();

	/** Organisations (other owners are users), with their Actions secrets. */
	private final Map<String, SimOrganisation> organisations = new ConcurrentHashMap<>();

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
		organisations.computeIfAbsent(owner.toLowerCase(Locale.ROOT), key -> new SimOrganisation(owner));
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
		String role = explicitRole(repository, login);
		return role.equals("none") && repository.isPublic() ? "read" : role;
	}

	/**
	 * The role {@code login} was given on {@code repository}, directly or through its teams (the higher),
	 * or as an organisation owner; {@code none} when only being public lets it read.
	 */
	String explicitRole(SimRepository repository, String login) {
		if (login != null && isOrganisationOwner(repository.owner(), login)) {
			return "admin";
		}
		String role = repository.collaboratorRole(login);
		for (Team team : teams(login)) {
			String granted = team.organisation().equalsIgnoreCase(repository.owner()) ? team.role(repository) : "none";
			if (ROLES.indexOf(granted) > ROLES.indexOf(role)) {
				role = granted;
			}
		}
		return role;
	}

	/** Adds (or finds) the team {@code slug} of organisation {@code owner}. */
	public Team addTeam(String owner, String slug) {
		addOrganisation(owner);
		return teams.computeIfAbsent(owner.toLowerCase(Locale.ROOT) + "/" + slug.toLowerCase(Locale.ROOT),
				key -> new Team(ids.incrementAndGet(), owner, slug));
	}

	Optional<Team> team(String owner, String slug) {
		return Optional.ofNullable(teams.get(owner.toLowerCase(Locale.ROOT) + "/" + slug.toLowerCase(Locale.ROOT)));
	}

	/** The teams {@code login} is a member of, in every organisation. */
	List<Team> teams(String login) {
		return teams.values().stream().filter(team -> team.hasMember(login))
			.sorted(java.util.Comparator.comparing(team -> team.organisation() + "/" + team.slug()))
			.toList();
	}

	/** {@code login}'s role in organisation {@code owner}: {@code admin} (an owner), {@code member}, or empty. */
	Optional<String> organisationRole(String owner, String login) {
		if (isOrganisationOwner(owner, login)) {
			return Optional.of("admin");
		}
		boolean member = teams(login).stream().anyMatch(team -> team.organisation().equalsIgnoreCase(owner));
		return member ? Optional.of("member") : Optional.empty();
	}

	/** Stores an organisation-level Actions secret (visible to all repositories of the organisation). */
	public void putOrganisationSecret(String owner, String secretName) {
		addOrganisation(owner);
		organisation(owner).putOutOfBand(secretName, "set out of band", clock.instant());
	}

	/** The organisation {@code owner}, or null when it is not one (a user, or unknown). */
	public SimOrganisation organisation(String owner) {
		return organisations.get(owner.toLowerCase(Locale.ROOT));
	}

	/** The repository with GitHub's numeric {@code id}, or null. */
	SimRepository repository(long id) {
		return repositories.values().stream().filter(repository -> repository.id() == id).findFirst().orElse(null);
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
