package org.botkeeper.broker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.github.BotReach;
import org.botkeeper.github.BotReach.Role;
import org.botkeeper.github.BotReach.TeamGrant;
import org.botkeeper.sync.RepositoryName;

/**
 * Where the bot can write compared with where it needs to (its bindings): repositories it can push to
 * without a binding (excess), bindings it cannot push to (missing), more than write where write is enough
 * or an organisation owner (too strong), and access that does not come through a team (not via the team:
 * a team makes it visible and revocable in one place). Each finding says how to fix it, as a {@code gh api}
 * call against GitHub's documented endpoints.
 */
public final class BotFootprint {

	public enum Kind {

		EXCESS, MISSING, TOO_STRONG, NOT_VIA_TEAM;

		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
		}

	}

	/**
	 * One finding.
	 *
	 * @param where a repository (OWNER/REPO) or an organisation
	 * @param access the bot's role there and where it comes from
	 * @param fix the command (or step) that fixes it
	 */
	public record Finding(Kind kind, String where, String access, String why, String fix) {

		/** Its JSON fields, the same in {@code footprint --format json} and serve's {@code /api/status}. */
		public java.util.Map<String, Object> document() {
			java.util.Map<String, Object> document = new java.util.LinkedHashMap<>();
			document.put("kind", kind.label());
			document.put("where", where);
			document.put("access", access);
			document.put("why", why);
			document.put("fix", fix);
			return document;
		}

	}

	/** One repository the bot can write to: its role, where it comes from, and whether a binding needs it. */
	public record Reach(RepositoryName repository, Role role, String access, boolean bound) {
	}

	private final BotReach.View view;

	private final Set<RepositoryName> bindings;

	public BotFootprint(BotReach.View view, Set<RepositoryName> bindings) {
		this.view = view;
		this.bindings = bindings;
	}

	/** Every repository of the organisations asked about where the bot can push, by name. */
	public List<Reach> reach() {
		List<Reach> reach = new ArrayList<>();
		view.repositories().forEach((repository, role) -> {
			if (role.canPush()) {
				reach.add(new Reach(repository, role, access(repository, role), bindings.contains(repository)));
			}
		});
		return reach;
	}

	public List<Finding> findings() {
		List<Finding> findings = new ArrayList<>();
		view.organisationRoles().forEach((organisation, role) -> {
			if (role.equals("admin")) {
				findings.add(new Finding(Kind.TOO_STRONG, organisation, "organisation owner",
						"an owner administers every repository and the organisation itself; the bot needs write on a few",
						"gh api -X PUT orgs/" + organisation + "/memberships/" + view.login() + " -f role=member"));
			}
		});
		for (Reach reach : reach()) {
			RepositoryName repository = reach.repository();
			if (!reach.bound()) {
				findings.add(new Finding(Kind.EXCESS, repository.toString(), reach.access(),
						"the bot can " + (reach.role() == Role.WRITE ? "push" : "push and administer") + " here, and no binding needs it",
						removal(repository)));
				continue;
			}
			if (reach.role().compareTo(Role.WRITE) > 0 && !owner(repository)) {
				findings.add(new Finding(Kind.TOO_STRONG, repository.toString(), reach.access(),
						reach.role().label() + " where write is enough for its token", downgrade(repository)));
			}
			if (!owner(repository) && teamRole(repository).map(role -> !role.canPush()).orElse(true)) {
				findings.add(new Finding(Kind.NOT_VIA_TEAM, repository.toString(), reach.access(),
						"write comes from a direct grant (or the organisation's base permission), not a team",
						throughTeam(repository)));
			}
		}
		for (RepositoryName repository : bindings.stream().sorted(Comparator.comparing(RepositoryName::toString)).toList()) {
			Role role = view.repositories().get(repository);
			if (role == null || !role.canPush()) {
				findings.add(new Finding(Kind.MISSING, repository.toString(),
						role == null ? "none" : role.label(),
						"a binding needs the bot to push here (its token acts as the bot), and it cannot", grant(repository)));
			}
		}
		return findings;
	}

	/** Where the bot's role on {@code repository} comes from: its teams, ownership, else a direct grant. */
	private String access(RepositoryName repository, Role role) {
		List<String> sources = new ArrayList<>();
		if (owner(repository)) {
			sources.add("organisation owner");
		}
		for (TeamGrant grant : view.teams().getOrDefault(repository, List.of())) {
			sources.add("team " + grant.team() + " (" + grant.role().label() + ")");
		}
		if (!owner(repository) && teamRole(repository).map(team -> team.compareTo(role) < 0).orElse(true)) {
			sources.add("direct (" + role.label() + ")");
		}
		return String.join(", ", sources);
	}

	private boolean owner(RepositoryName repository) {
		return "admin".equals(view.organisationRoles().get(repository.owner()));
	}

	private Optional<Role> teamRole(RepositoryName repository) {
		return view.teams().getOrDefault(repository, List.of()).stream().map(TeamGrant::role).max(Comparator.naturalOrder());
	}

	private String removal(RepositoryName repository) {
		List<String> steps = new ArrayList<>();
		for (TeamGrant grant : view.teams().getOrDefault(repository, List.of())) {
			steps.add("gh api -X DELETE orgs/" + repository.owner() + "/teams/" + grant.team() + "/repos/" + repository);
		}
		if (direct(repository)) {
			steps.add(directRemoval(repository));
		}
		if (owner(repository)) {
			steps.add("(and the organisation role above)");
		}
		return String.join("; ", steps);
	}

	private String downgrade(RepositoryName repository) {
		List<String> steps = new ArrayList<>();
		for (TeamGrant grant : view.teams().getOrDefault(repository, List.of())) {
			if (grant.role().compareTo(Role.WRITE) > 0) {
				steps.add(teamGrant(repository, grant.team()));
			}
		}
		if (direct(repository)) {
			steps.add("gh api -X PUT repos/" + repository + "/collaborators/" + view.login() + " -f permission=push");
		}
		return String.join("; ", steps);
	}

	private String throughTeam(RepositoryName repository) {
		return botTeam(repository.owner())
			.map(team -> teamGrant(repository, team) + "; " + directRemoval(repository))
			.orElse("make a team for the bot in " + repository.owner() + " (e.g. 'bots'), add " + view.login()
					+ ", then: " + teamGrant(repository, "bots") + "; " + directRemoval(repository));
	}

	private String grant(RepositoryName repository) {
		return botTeam(repository.owner()).map(team -> teamGrant(repository, team))
			.orElse("add " + view.login() + " to a team of " + repository.owner() + " (e.g. 'bots'), then: "
					+ teamGrant(repository, "bots"));
	}

	/** Whether some of the bot's role on {@code repository} does not come from its teams or ownership. */
	private boolean direct(RepositoryName repository) {
		Role role = view.repositories().get(repository);
		return role != null && !owner(repository) && teamRole(repository).map(team -> team.compareTo(role) < 0).orElse(true);
	}

	private Optional<String> botTeam(String organisation) {
		return view.teamsByOrganisation().getOrDefault(organisation, List.of()).stream().findFirst();
	}

	private static String teamGrant(RepositoryName repository, String team) {
		return "gh api -X PUT orgs/" + repository.owner() + "/teams/" + team + "/repos/" + repository + " -f permission=push";
	}

	private String directRemoval(RepositoryName repository) {
		return "gh api -X DELETE repos/" + repository + "/collaborators/" + view.login();
	}

	/** The organisations to look at when none is named: the owners of the bindings. */
	public static Set<String> organisationsOf(Set<RepositoryName> bindings) {
		Set<String> owners = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		bindings.forEach(binding -> owners.add(binding.owner()));
		return owners;
	}

}
