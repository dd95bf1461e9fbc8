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

	/**
	 * The exception for a failed answer; a 403 also names what GitHub says the endpoint accepts ({@code x-accepted-github-permissions} for Apps and fine-grained tokens,
	 * {@code x-accepted-oauth-scopes} for classic ones: headers, never a body, so also for secret
	 * endpoints), after the request's own hint.
	 */
	static GitHubException forStatus(GitHubRequest request, int status, String body, java.net.http.HttpHeaders headers) {
		String head = "Cannot " + request.action() + ": GitHub returned " + status;
		String quoted = request.secretEndpoint() ? "" : githubMessage(body);
		return switch (status) {
			case 404 -> new GitHubNotFoundException(head + ". " + (request.notFoundHint() != null ? request.notFoundHint()
					: "The resource does not exist, or the credential cannot see it."));
			case 403 -> new GitHubForbiddenException(head + quoted + ". " + (request.forbiddenHint() != null
					? request.forbiddenHint() : "The writer credential lacks a permission or role here.")
					+ accepted(headers));
			default -> new GitHubException(head + quoted + ".", status);
		};
	}

	/** {@code " GitHub accepts: ..."} from the headers GitHub sends with a 403, bounded; empty without them. */
	private static String accepted(java.net.http.HttpHeaders headers) {
		String permissions = headers.firstValue("x-accepted-github-permissions").map(String::strip).orElse("");
		String scopes = headers.firstValue("x-accepted-oauth-scopes").map(String::strip).orElse("");
		String accepted = !permissions.isEmpty() ? "permissions " + permissions
				: !scopes.isEmpty() ? "the token scopes " + scopes : "";
		accepted = accepted.replaceAll("\\p{Cntrl}", " ");
		if (accepted.isEmpty()) {
			return "";
		}
		return " GitHub accepts " + (accepted.length() > MAX_QUOTED ? accepted.substring(0, MAX_QUOTED) + "..." : accepted)
				+ ".";
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
