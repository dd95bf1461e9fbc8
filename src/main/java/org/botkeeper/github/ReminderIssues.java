package org.botkeeper.github;

import java.util.ArrayList;
import java.util.List;

import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.ReminderPlanner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The expiry reminders' issues in the admins' repository, through GitHub's
 * <a href="https://docs.github.com/en/rest/issues/issues">issues</a> and
 * <a href="https://docs.github.com/en/rest/issues/comments">issue comments</a> endpoints, as the writer
 * credential. Listing is a conditional read like every other (a repeated run whose issues did not change
 * costs no primary quota); writes are paced by the shared {@link GitHubTransport}.
 */
public final class ReminderIssues {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final GitHubTransport transport;

	private final RepositoryName repository;

	public ReminderIssues(GitHubTransport transport, RepositoryName repository) {
		this.transport = transport;
		this.repository = repository;
	}

	/** What GitHub documents for these endpoints, named for the repository they failed on. */
	private String needs() {
		return "Keeping reminder issues in " + repository + " needs the writer credential to have 'issues: write' "
				+ "there (a GitHub App or fine-grained token: Issues read and write on " + repository
				+ "; a classic PAT: scope repo and access to the repository).";
	}

	/**
	 * The open issues carrying {@link ReminderPlanner#LABEL}, oldest first. GitHub lists pull requests
	 * as issues too; those (an item with {@code pull_request}) are left out.
	 */
	public List<ReminderPlanner.Issue> open() {
		List<ReminderPlanner.Issue> all = new ArrayList<>();
		ListPages.walk(transport::send, GitHubRequest
			.get(path() + "?labels=" + ReminderPlanner.LABEL + "&state=open&sort=created&direction=asc",
					"list the reminder issues of " + repository)
			.notFoundHint("The repository " + repository + " does not exist or the writer cannot see it. " + needs())
			.forbiddenHint(needs()), response -> {
				JsonNode items = read("list the reminder issues of " + repository, response);
				for (JsonNode item : items) {
					if (!item.has("pull_request")) {
						all.add(new ReminderPlanner.Issue(item.path("number").asLong(), item.path("title").asString(),
								item.path("body").isString() ? item.path("body").asString() : ""));
					}
				}
				return items.size();
			});
		return all;
	}

	/** Opens an issue with the reminder label; returns its number. */
	public long create(String title, String body) {
		ObjectNode request = JSON.createObjectNode();
		request.put("title", title);
		request.put("body", body);
		request.putArray("labels").add(ReminderPlanner.LABEL);
		GitHubResponse response = send("POST", path(), request, "open a reminder issue in " + repository);
		return read("open a reminder issue in " + repository, response).path("number").asLong();
	}

	/** Replaces the title and body of issue {@code number}. */
	public void update(long number, String title, String body) {
		ObjectNode request = JSON.createObjectNode();
		request.put("title", title);
		request.put("body", body);
		send("PATCH", path() + "/" + number, request, "update reminder issue #" + number + " in " + repository);
	}

	/** Says why in a comment, then closes issue {@code number} as completed. */
	public void close(long number, String comment) {
		ObjectNode note = JSON.createObjectNode();
		note.put("body", comment);
		send("POST", path() + "/" + number + "/comments", note,
				"comment on reminder issue #" + number + " in " + repository);
		ObjectNode request = JSON.createObjectNode();
		request.put("state", "closed");
		request.put("state_reason", "completed");
		send("PATCH", path() + "/" + number, request, "close reminder issue #" + number + " in " + repository);
	}

	private GitHubResponse send(String method, String path, ObjectNode body, String action) {
		return transport.send(GitHubRequest.of(method, path, JSON.writeValueAsString(body), action)
			.notFoundHint("The repository " + repository + " or the issue does not exist, or the writer cannot see it. "
					+ needs())
			.forbiddenHint(needs()));
	}

	private String path() {
		return "/repos/" + PathSegment.encode(repository.owner()) + "/" + PathSegment.encode(repository.repo())
				+ "/issues";
	}

	private static JsonNode read(String what, GitHubResponse response) {
		try {
			return JSON.readTree(response.body());
		}
		catch (tools.jackson.core.JacksonException ex) {
			throw new GitHubException("Cannot " + what + ": GitHub's answer does not have the documented shape ("
					+ ex.getClass().getSimpleName() + "). Run again; if it persists, GitHub's API may have changed.", 200);
		}
	}

}
