package org.botkeeper.githubsim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /repos/{owner}/{repo}/issues[/{number}[/comments]]}, as documented for
 * <a href="https://docs.github.com/en/rest/issues/issues">issues</a> and
 * <a href="https://docs.github.com/en/rest/issues/comments">issue comments</a>: list (filtered by
 * {@code labels}, all of them, and {@code state}; paged), open (with labels), edit (title, body, state
 * and {@code state_reason}) and comment. The shapes are GitHub's {@code issue} and {@code issue-comment}.
 */
final class IssueRoutes {

	private final SimState state;

	private final SimAccess access;

	private final String apiBase;

	IssueRoutes(SimState state, SimAccess access, String apiBase) {
		this.state = state;
		this.access = access;
		this.apiBase = apiBase;
	}

	/** The answer, or null when the path is not an issue path. */
	SimResponse serve(SimExchange ex) {
		int size = ex.segments().size();
		if (size < 4 || size > 6 || !ex.segment(0).equals("repos") || !ex.segment(3).equals("issues")
				|| (size == 6 && !ex.segment(5).equals("comments"))) {
			return null;
		}
		SimRepository repository = state.repository(ex.segment(1), ex.segment(2));
		if (repository == null) {
			return SimResponse.notFound();
		}
		SimAccess.Rule rule = ex.method().equals("GET") ? SimAccess.READ_ISSUES
				: ex.method().equals("PATCH") ? SimAccess.EDIT_ISSUES : SimAccess.WRITE_ISSUES;
		SimResponse refused = access.check(ex, repository, rule);
		if (refused != null) {
			return refused;
		}
		String login = login(ex);
		if (size == 4) {
			return switch (ex.method()) {
				case "GET" -> list(ex, repository);
				case "POST" -> open(ex, repository, login);
				default -> SimResponse.error(405, "Method Not Allowed");
			};
		}
		SimIssue issue;
		try {
			issue = repository.issue(Long.parseLong(ex.segment(4)));
		}
		catch (NumberFormatException e) {
			issue = null;
		}
		if (issue == null) {
			return SimResponse.notFound();
		}
		if (size == 5 && ex.method().equals("PATCH")) {
			return edit(ex, repository, issue);
		}
		if (size == 6 && ex.method().equals("POST")) {
			JsonNode body = SimJson.parse(ex.body());
			if (!body.path("body").isString()) {
				return SimResponse.error(422, "Invalid request.\n\n\"body\" wasn't supplied.");
			}
			SimIssue.Comment comment = issue.comment(state.nextId(), login, body.path("body").asString(), state.now());
			return SimResponse.json(201, comment(repository, issue, comment).toString());
		}
		return SimResponse.error(405, "Method Not Allowed");
	}

	/** The caller as GitHub shows an author: the token's user, or the App's bot for an installation. */
	private String login(SimExchange ex) {
		return access.caller(ex).map(SimCredentials.TokenInfo::login).orElse("botkeeper[bot]");
	}

	private SimResponse list(SimExchange ex, SimRepository repository) {
		String wanted = ex.query().getOrDefault("state", "open");
		List<String> labels = ex.query().containsKey("labels")
				? Arrays.stream(ex.query().get("labels").split(",")).map(String::strip).filter(l -> !l.isEmpty()).toList()
				: List.of();
		int perPage = Math.max(1, Math.min(100, Integer.parseInt(ex.query().getOrDefault("per_page", "30"))));
		int page = Math.max(1, Integer.parseInt(ex.query().getOrDefault("page", "1")));
		List<SimIssue> matching = new ArrayList<>();
		for (SimIssue issue : repository.issues()) {
			boolean stateMatches = wanted.equals("all") || wanted.equals(issue.state());
			boolean labelled = labels.stream()
				.allMatch(label -> issue.labels().stream().anyMatch(l -> l.equalsIgnoreCase(label)));
			if (stateMatches && labelled) {
				matching.add(issue);
			}
		}
		if ("desc".equals(ex.query().getOrDefault("direction", "desc"))) {
			matching = matching.reversed();
		}
		ArrayNode list = SimJson.JSON.createArrayNode();
		matching.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(i -> list.add(issue(repository, i)));
		return SimResponse.json(200, list.toString());
	}

	private SimResponse open(SimExchange ex, SimRepository repository, String login) {
		JsonNode body = SimJson.parse(ex.body());
		if (!body.path("title").isString() || body.path("title").asString().isBlank()) {
			return SimResponse.error(422, "Invalid request.\n\n\"title\" wasn't supplied.");
		}
		List<String> labels = new ArrayList<>();
		body.path("labels").forEach(label -> labels.add(label.isString() ? label.asString() : label.path("name").asString()));
		SimIssue issue = repository.openIssue(state.nextId(), login, body.path("title").asString(),
				body.path("body").isString() ? body.path("body").asString() : null, labels, state.now());
		return SimResponse.json(201, issue(repository, issue).toString())
			.header("Location", url(repository) + "/issues/" + issue.number());
	}

	private SimResponse edit(SimExchange ex, SimRepository repository, SimIssue issue) {
		JsonNode body = SimJson.parse(ex.body());
		String newState = body.path("state").isString() ? body.path("state").asString() : null;
		if (newState != null && !newState.equals("open") && !newState.equals("closed")) {
			return SimResponse.error(422, "Invalid request.\n\nstate must be open or closed.");
		}
		issue.edit(body.path("title").isString() ? body.path("title").asString() : null,
				body.path("body").isString() ? body.path("body").asString() : null, newState,
				body.path("state_reason").isString() ? body.path("state_reason").asString() : null, state.now());
		return SimResponse.json(200, issue(repository, issue).toString());
	}

	private String url(SimRepository repository) {
		return apiBase + "/repos/" + repository.fullName();
	}

	private ObjectNode issue(SimRepository repository, SimIssue issue) {
		String url = url(repository) + "/issues/" + issue.number();
		ObjectNode node = SimJson.JSON.createObjectNode();
		node.put("id", issue.id());
		node.put("node_id", SimJson.nodeId("Issue", issue.id()));
		node.put("url", url);
		node.put("repository_url", url(repository));
		node.put("labels_url", url + "/labels{/name}");
		node.put("comments_url", url + "/comments");
		node.put("events_url", url + "/events");
		node.put("html_url", "https://github.com/" + repository.fullName() + "/issues/" + issue.number());
		node.put("number", issue.number());
		node.put("state", issue.state());
		if (issue.stateReason() == null) {
			node.putNull("state_reason");
		}
		else {
			node.put("state_reason", issue.stateReason());
		}
		node.put("title", issue.title());
		if (issue.body() == null) {
			node.putNull("body");
		}
		else {
			node.put("body", issue.body());
		}
		node.set("user", user(issue.author()));
		ArrayNode labels = node.putArray("labels");
		for (String label : issue.labels()) {
			long labelId = Math.abs((long) label.toLowerCase(Locale.ROOT).hashCode());
			labels.addObject()
				.put("id", labelId)
				.put("node_id", SimJson.nodeId("Label", labelId))
				.put("url", url(repository) + "/labels/" + label)
				.put("name", label)
				.putNull("description")
				.put("color", "ededed")
				.put("default", false);
		}
		node.putNull("assignee");
		node.putArray("assignees");
		node.putNull("milestone");
		node.put("locked", false);
		node.putNull("active_lock_reason");
		node.put("comments", issue.comments().size());
		if (issue.closedAt() == null) {
			node.putNull("closed_at");
		}
		else {
			node.put("closed_at", SimJson.time(issue.closedAt()));
		}
		node.put("created_at", SimJson.time(issue.createdAt()));
		node.put("updated_at", SimJson.time(issue.updatedAt()));
		node.put("author_association", "COLLABORATOR");
		return node;
	}

	private ObjectNode comment(SimRepository repository, SimIssue issue, SimIssue.Comment comment) {
		String issueUrl = url(repository) + "/issues/" + issue.number();
		ObjectNode node = SimJson.JSON.createObjectNode();
		node.put("id", comment.id());
		node.put("node_id", SimJson.nodeId("IssueComment", comment.id()));
		node.put("url", url(repository) + "/issues/comments/" + comment.id());
		node.put("html_url", "https://github.com/" + repository.fullName() + "/issues/" + issue.number()
				+ "#issuecomment-" + comment.id());
		node.put("body", comment.body());
		node.set("user", user(comment.author()));
		node.put("created_at", SimJson.time(comment.createdAt()));
		node.put("updated_at", SimJson.time(comment.createdAt()));
		node.put("issue_url", issueUrl);
		node.put("author_association", "COLLABORATOR");
		return node;
	}

	private ObjectNode user(String login) {
		long userId = Math.abs((long) login.hashCode());
		return SimJson.simpleUser(apiBase, login, userId, login.endsWith("[bot]") ? "Bot" : "User");
	}

}
