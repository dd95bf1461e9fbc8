package org.botkeeper.githubsim;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * Renders repositories, users and invitations with every field GitHub's {@code full-repository},
 * {@code minimal-repository}, {@code simple-user} and {@code repository-invitation} schemas require,
 * so a client that reads what GitHub documents finds it, and Prism finds nothing missing.
 */
final class SimRepositoryJson {

	/** The {@code *_url} fields minimal-repository requires, with their path below the repository. */
	private static final List<String> URLS = List.of("archive:/{archive_format}{/ref}", "assignees:/assignees{/user}",
			"blobs:/git/blobs{/sha}", "branches:/branches{/branch}", "collaborators:/collaborators{/collaborator}",
			"comments:/comments{/number}", "commits:/commits{/sha}", "compare:/compare/{base}...{head}",
			"contents:/contents/{+path}", "contributors:/contributors", "deployments:/deployments",
			"downloads:/downloads", "events:/events", "forks:/forks", "git_commits:/git/commits{/sha}",
			"git_refs:/git/refs{/sha}", "git_tags:/git/tags{/sha}", "hooks:/hooks",
			"issue_comment:/issues/comments{/number}", "issue_events:/issues/events{/number}", "issues:/issues{/number}",
			"keys:/keys{/key_id}", "labels:/labels{/name}", "languages:/languages", "merges:/merges",
			"milestones:/milestones{/number}", "notifications:/notifications{?since,all,participating}",
			"pulls:/pulls{/number}", "releases:/releases{/id}", "stargazers:/stargazers", "statuses:/statuses/{sha}",
			"subscribers:/subscribers", "subscription:/subscription", "tags:/tags", "teams:/teams",
			"trees:/git/trees{/sha}");

	private SimRepositoryJson() {
	}

	static ObjectNode minimal(String apiBase, SimRepository repository) {
		ObjectNode node = SimJson.JSON.createObjectNode();
		String url = apiBase + "/repos/" + repository.fullName();
		node.put("id", repository.id());
		node.put("node_id", SimJson.nodeId("Repository", repository.id()));
		node.put("name", repository.name());
		node.put("full_name", repository.fullName());
		node.set("owner", SimJson.simpleUser(apiBase, repository.owner(), repository.id() + 1_000_000, "Organization"));
		node.put("private", !repository.isPublic());
		node.put("html_url", "https://github.com/" + repository.fullName());
		node.putNull("description");
		node.put("fork", false);
		node.put("url", url);
		for (String entry : URLS) {
			int colon = entry.indexOf(':');
			node.put(entry.substring(0, colon) + "_url", url + entry.substring(colon + 1));
		}
		return node;
	}

	/** @param role the caller's role, for {@code permissions}; null (an App) leaves them out */
	static ObjectNode full(String apiBase, SimRepository repository, String role, Instant now) {
		ObjectNode node = minimal(apiBase, repository);
		node.put("clone_url", "https://github.com/" + repository.fullName() + ".git");
		node.put("git_url", "git://github.com/" + repository.fullName() + ".git");
		node.put("ssh_url", "git@github.com:" + repository.fullName() + ".git");
		node.put("svn_url", "https://github.com/" + repository.fullName());
		node.putNull("mirror_url");
		node.putNull("homepage");
		node.putNull("language");
		node.putNull("license");
		node.put("default_branch", repository.defaultBranch());
		for (String count : List.of("forks", "forks_count", "open_issues", "open_issues_count", "size",
				"stargazers_count", "watchers", "watchers_count", "network_count", "subscribers_count")) {
			node.put(count, 0);
		}
		for (String flag : List.of("has_issues", "has_projects", "has_wiki")) {
			node.put(flag, true);
		}
		for (String flag : List.of("has_pages", "has_discussions", "archived", "disabled")) {
			node.put(flag, false);
		}
		String time = SimJson.time(now);
		node.put("pushed_at", time);
		node.put("created_at", time);
		node.put("updated_at", time);
		if (role != null) {
			permissions(node, role);
		}
		return node;
	}

	/** The {@code permissions} object GitHub reports for {@code role} ({@code none} to {@code admin}). */
	static void permissions(ObjectNode node, String role) {
		List<String> roles = List.of("none", "read", "triage", "write", "maintain", "admin");
		int rank = roles.indexOf(role);
		node.putObject("permissions")
			.put("admin", rank >= roles.indexOf("admin"))
			.put("maintain", rank >= roles.indexOf("maintain"))
			.put("push", rank >= roles.indexOf("write"))
			.put("triage", rank >= roles.indexOf("triage"))
			.put("pull", rank >= roles.indexOf("read"));
	}

	static ObjectNode invitation(String apiBase, SimState.Invitation invitation, String invitee) {
		ObjectNode node = SimJson.JSON.createObjectNode();
		node.put("id", invitation.id());
		node.put("node_id", SimJson.nodeId("RepositoryInvitation", invitation.id()));
		node.set("repository", minimal(apiBase, invitation.repository()));
		node.set("invitee", SimJson.simpleUser(apiBase, invitee, 4242, "User"));
		node.set("inviter", SimJson.simpleUser(apiBase, invitation.inviter(), 4343, "User"));
		node.put("permissions", "write");
		node.put("created_at", SimJson.time(invitation.createdAt()));
		node.put("url", apiBase + "/user/repository_invitations/" + invitation.id());
		node.put("html_url", "https://github.com/" + invitation.repository().fullName() + "/invitations");
		return node;
	}

}
