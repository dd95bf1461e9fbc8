package org.botkeeper.github;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.sync.RepositoryName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the bot account can write, as the bot itself asks GitHub (the connection must be opened with
 * the bot's own token): its login ({@code GET /user}), every repository it was given a role on with
 * that role ({@code GET /user/repos}, from {@code permissions}), its teams and what each grants
 * ({@code GET /user/teams}, {@code GET /orgs/{org}/teams/{slug}/repos}) and its role in each organisation
 * ({@code GET /user/memberships/orgs/{org}}). See
 * <a href="https://docs.github.com/en/rest/repos/repos#list-repositories-for-the-authenticated-user">repositories</a>,
 * <a href="https://docs.github.com/en/rest/teams/teams#list-teams-for-the-authenticated-user">teams</a>,
 * <a href="https://docs.github.com/en/rest/teams/teams#list-team-repositories">team repositories</a>,
 * <a href="https://docs.github.com/en/rest/orgs/members#get-an-organization-membership-for-the-authenticated-user">membership</a>.
 * A fine-grained token sees only the repositories it selects: the bot's own token should be a classic
 * one with {@code repo} and {@code read:org} for this view to be whole.
 */
public final class BotReach {

	/** A role on a repository, weakest first, as GitHub's {@code permissions} tell it. */
	public enum Role {

		READ, TRIAGE, WRITE, MAINTAIN, ADMIN;

		public boolean canPush() {
			return compareTo(WRITE) >= 0;
		}

		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Optional<Role> of(JsonNode permissions) {
			if (permissions.path("admin").asBoolean(false)) {
				return Optional.of(ADMIN);
			}
			if (permissions.path("maintain").asBoolean(false)) {
				return Optional.of(MAINTAIN);
			}
			if (permissions.path("push").asBoolean(false)) {
				return Optional.of(WRITE);
			}
			if (permissions.path("triage").asBoolean(false)) {
				return Optional.of(TRIAGE);
			}
			return permissions.path("pull").asBoolean(false) ? Optional.of(READ) : Optional.empty();
		}

	}

	/** What one team of the bot grants on one repository. */
	public record TeamGrant(String organisation, String team, Role role) {
	}

	/**
	 * The bot's reach in the organisations asked about.
	 *
	 * @param repositories each repository of those organisations the bot has a role on, with that role
	 * @param teams for each such repository, what the bot's teams grant on it
	 * @param organisationRoles the bot's role ({@code admin} for an owner, {@code member}) per organisation;
	 * absent where it is not a member
	 * @param teamsByOrganisation the bot's teams (slugs) in each organisation
	 */
	public record View(String login, Map<RepositoryName, Role> repositories, Map<RepositoryName, List<TeamGrant>> teams,
			Map<String, String> organisationRoles, Map<String, List<String>> teamsByOrganisation) {
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final GitHubTransport bot;

	public BotReach(GitHubConnection bot) {
		this.bot = bot.transport();
	}

	/** The bot's reach in {@code organisations} (logins, any case); repositories of other owners are left out. */
	public View read(Set<String> organisations) {
		Set<String> wanted = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		wanted.addAll(organisations);
		String login = JSON.readTree(bot.send(GitHubRequest.get("/user", "read the bot's account")).body())
			.path("login").asString("");
		// RepositoryName compares without case, as GitHub does: a binding spelled otherwise still matches.
		Map<RepositoryName, Role> repositories = new LinkedHashMap<>();
		for (JsonNode repository : pages("/user/repos?affiliation=owner,collaborator,organization_member",
				"list the bot's repositories")) {
			RepositoryName name = RepositoryName.parse(repository.path("full_name").asString());
			if (wanted.contains(name.owner())) {
				Role.of(repository.path("permissions")).ifPresent(role -> repositories.put(name, role));
			}
		}
		Map<RepositoryName, List<TeamGrant>> teams = new LinkedHashMap<>();
		Map<String, List<String>> teamsByOrganisation = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (JsonNode team : pages("/user/teams", "list the bot's teams")) {
			String organisation = team.path("organization").path("login").asString("");
			String slug = team.path("slug").asString("");
			if (!wanted.contains(organisation)) {
				continue;
			}
			teamsByOrganisation.computeIfAbsent(organisation, key -> new ArrayList<>()).add(slug);
			for (JsonNode repository : pages("/orgs/" + PathSegment.encode(organisation) + "/teams/" + PathSegment.encode(slug)
					+ "/repos", "list the repositories of team " + organisation + "/" + slug)) {
				RepositoryName name = RepositoryName.parse(repository.path("full_name").asString());
				Role.of(repository.path("permissions")).ifPresent(role -> teams
					.computeIfAbsent(name, key -> new ArrayList<>()).add(new TeamGrant(organisation, slug, role)));
			}
		}
		Map<String, String> roles = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (String organisation : wanted) {
			try {
				roles.put(organisation, JSON.readTree(bot.send(GitHubRequest.get("/user/memberships/orgs/"
						+ PathSegment.encode(organisation), "read the bot's membership of " + organisation)).body())
					.path("role").asString(""));
			}
			catch (GitHubNotFoundException ex) {
				// Not a member (or the organisation does not exist): no role to report.
			}
		}
		return new View(login, repositories, teams, roles, teamsByOrganisation);
	}

	private List<JsonNode> pages(String path, String action) {
		return ListPages.items(bot::send, GitHubRequest.get(path, action));
	}

}
