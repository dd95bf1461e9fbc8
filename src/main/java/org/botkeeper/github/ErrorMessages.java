package org.botkeeper.github;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a failed answer into the exception a person reads (CONTRIBUTING.md, "How we write code"): what failed, the status, and
 * what to do. GitHub's own {@code message} is quoted only for endpoints that never carry a secret.
 */
final class ErrorMessages {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int MAX_QUOTED = 200;

	private ErrorMessages() {
	}

	static GitHubException forStatus(GitHubRequest request, int status, String body) {
		String head = "Cannot " + request.action() + ": GitHub returned " + status;
		String quoted = request.secretEndpoint() ? "" : githubMessage(body);
		return switch (status) {
			case 404 -> new GitHubNotFoundException(head + ". " + (request.notFoundHint() != null ? request.notFoundHint()
					: "The resource does not exist, or the credential cannot see it."));
			case 403 -> new GitHubForbiddenException(head + quoted + ". The writer credential lacks a permission here "
					+ "(it needs Secrets and Environments write on the repository).");
			default -> new GitHubException(head + quoted + ".", status);
		};
	}

	/** GitHub's {@code message} field as {@code " (message)"}, bounded; empty when absent. */
	private static String githubMessage(String body) {
		if (body == null || body.isBlank()) {
			return "";
		}
		try {
			JsonNode message = JSON.readTree(body).path("message");
			if (!message.isString() || message.asString().isBlank()) {
				return "";
			}
			String text = message.asString().replaceAll("\\p{Cntrl}", " ");
			return " (" + (text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text) + ")";
		}
		catch (JacksonException ex) {
			return "";
		}
	}

}
