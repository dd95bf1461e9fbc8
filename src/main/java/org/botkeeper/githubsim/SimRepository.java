package org.botkeeper.githubsim;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A repository: private unless made public, its default branch and whether that branch is protected,
 * the roles people have on it (the bot {@link SimState#BOT} is a collaborator with write and the
 * writer {@link SimState#WRITER} an admin unless a test says otherwise; owners of the organisation are
 * admins), and its environments (names are case-insensitive on GitHub).
 */
public final class SimRepository {

	private final long id;

	private final String owner;

	private final String name;

	private volatile String defaultBranch = "main";

	private volatile boolean defaultBranchProtected = true;

	/** Collaborators' roles by lower-case login: {@code read}, {@code triage}, {@code write}, {@code maintain}, {@code admin}. */
	private final Map<String, String> roles = new ConcurrentHashMap<>(
			Map.of(SimState.BOT, "write", SimState.WRITER, "admin"));

	private volatile boolean publicRepository;

	private final Map<String, SimEnvironment> environments = new ConcurrentHashMap<>();

	/** Who may push to the protected default branch; null when the protection restricts no one. */
	private volatile Set<String> pushAllowances;

	private volatile boolean requiredPullRequestReviews;

	private volatile boolean enforceAdmins;

	/** Types of active ruleset rules on the default branch, e.g. {@code update}, {@code pull_request}. */
	private final List<String> rulesetRules = new CopyOnWriteArrayList<>();

	/** Repository-level Actions secrets, with the repository's Actions key pair. */
	private final SimSecretStore actionsSecrets = new SimSecretStore();

	/** Dependabot secrets, with the repository's Dependabot key pair (not the Actions one). */
	private final SimSecretStore dependabotSecrets = new SimSecretStore();

	/** Issues by number, in the order they were opened. */
	private final Map<Long, SimIssue> issues = new java.util.concurrent.ConcurrentSkipListMap<>();

	SimRepository(long id, String owner, String name) {
		this.id = id;
		this.owner = owner;
		this.name = name;
	}

	/** Every issue, by number. */
	public List<SimIssue> issues() {
		return List.copyOf(issues.values());
	}

	public SimIssue issue(long number) {
		return issues.get(number);
	}

	synchronized SimIssue openIssue(long issueId, String author, String title, String body, List<String> labels,
			Instant now) {
		SimIssue issue = new SimIssue(issueId, issues.size() + 1L, author, title, body, labels, now);
		issues.put(issue.number(), issue);
		return issue;
	}

	public SimEnvironment environment(String environmentName) {
		return environments.get(environmentName.toLowerCase(Locale.ROOT));
	}

	SimEnvironment createEnvironment(long environmentId, String environmentName, Instant now) {
		return environments.computeIfAbsent(environmentName.toLowerCase(Locale.ROOT),
				key -> new SimEnvironment(environmentId, environmentName, now));
	}

	/** Deletes an environment and its secrets, as an admin could out of band. */
	public boolean deleteEnvironment(String environmentName) {
		return environments.remove(environmentName.toLowerCase(Locale.ROOT)) != null;
	}

	public Collection<SimEnvironment> environments() {
		return List.copyOf(environments.values());
	}

	public long id() {
		return id;
	}

	public String owner() {
		return owner;
	}

	public String name() {
		return name;
	}

	public String fullName() {
		return owner + "/" + name;
	}

	public String defaultBranch() {
		return defaultBranch;
	}

	public boolean defaultBranchProtected() {
		return defaultBranchProtected;
	}

	public void protectDefaultBranch(boolean value) {
		defaultBranchProtected = value;
	}

	/** Restricts pushes to the protected default branch to {@code logins} (an empty list: nobody). */
	public void restrictPushesTo(String... logins) {
		pushAllowances = Set.of(logins);
	}

	public Set<String> pushAllowances() {
		return pushAllowances;
	}

	public void requirePullRequestReviews(boolean required, boolean enforceForAdmins) {
		requiredPullRequestReviews = required;
		enforceAdmins = enforceForAdmins;
	}

	public boolean requiredPullRequestReviews() {
		return requiredPullRequestReviews;
	}

	public boolean enforceAdmins() {
		return enforceAdmins;
	}

	/** Adds an active ruleset rule of {@code type} on the default branch ({@code update} is supported). */
	public void addRulesetRule(String type) {
		rulesetRules.add(type);
	}

	public List<String> rulesetRules() {
		return List.copyOf(rulesetRules);
	}

	/** Stores a repository-level Actions secret, as an admin could alongside the environment secret. */
	public void putRepositorySecret(String secretName, Instant now) {
		actionsSecrets.putOutOfBand(secretName, "set out of band", now);
	}

	/** The repository's Actions secrets and their key pair. */
	public SimSecretStore actionsSecrets() {
		return actionsSecrets;
	}

	/** The repository's Dependabot secrets and their key pair. */
	public SimSecretStore dependabotSecrets() {
		return dependabotSecrets;
	}

	/** The bot's role ({@link SimState#BOT}): what guardrails check (it must not be able to push to main). */
	public String botPermission() {
		return roles.getOrDefault(SimState.BOT, "none");
	}

	/** Sets the bot's role: {@code admin}, {@code write}, {@code read} or {@code none}. */
	public void botPermission(String permission) {
		collaborator(SimState.BOT, permission);
	}

	/** Sets the writer's role ({@link SimState#WRITER}): below {@code admin} it cannot create environments. */
	public void writerPermission(String permission) {
		collaborator(SimState.WRITER, permission);
	}

	/** Makes {@code login} a collaborator with {@code role}, or removes it ({@code none}). */
	public SimRepository collaborator(String login, String role) {
		if (role.equals("none")) {
			roles.remove(login.toLowerCase(Locale.ROOT));
		}
		else {
			roles.put(login.toLowerCase(Locale.ROOT), role);
		}
		return this;
	}

	/** {@code login}'s role as a collaborator, or {@code none}; organisation owners are not counted here. */
	String collaboratorRole(String login) {
		return login == null ? "none" : roles.getOrDefault(login.toLowerCase(Locale.ROOT), "none");
	}

	public boolean isPublic() {
		return publicRepository;
	}

	/** Makes the repository public (anyone may read it) or private, the default. */
	public SimRepository publicRepository(boolean value) {
		publicRepository = value;
		return this;
	}

}
