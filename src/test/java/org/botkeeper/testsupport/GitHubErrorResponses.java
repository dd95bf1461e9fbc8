package org.botkeeper.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes Prism check error bodies. GitHub's OpenAPI description lists per operation only some of the
 * error answers that GitHub's REST documentation promises for every endpoint (conditional requests,
 * authentication, permissions, missing resources, rate limits, validation, outages): the secret
 * endpoints list 200/201/204 alone. For a status an operation does not list, Prism in proxy mode only
 * warns "Unable to match the returned status code" and passes the body through unchecked (found by
 * trying, Prism 5.14.2). This writes a copy of the description in which every operation that does not
 * list one of these statuses gets it, pointing at GitHub's own response components, so that Prism holds
 * the simulator's 401/403/404/422/429/500/503 bodies against GitHub's error schemas and answers a
 * violation with its 500, like any other.
 *
 * <p>Left out, because GitHub documents no body for them: 502 and 504 (answered by GitHub's front end,
 * often as HTML). {@link PrismProxy#GENERIC_STATUSES} still tolerates their unmatched-status warning.
 */
final class GitHubErrorResponses {

	/**
	 * GitHub's rate-limit documentation answers 403 or 429 with the usual error message; the description has
	 * no component for 429, so this one (added to the copy) uses GitHub's {@code basic-error} schema.
	 */
	static final String RATE_LIMITED = "botkeeper_rate_limited";

	/** Added to every operation that does not list the status: status to GitHub's response component. */
	static final Map<String, String> EVERY_OPERATION = Map.of("401", "requires_authentication", "403", "forbidden",
			"404", "not_found", "429", RATE_LIMITED, "500", "internal_error", "503",
			"service_unavailable");

	private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete", "head");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private GitHubErrorResponses() {
	}

	/** Writes the description at {@code spec} with the error answers added to {@code target}; returns target. */
	static Path write(Path spec, Path target) {
		try {
			ObjectNode document = (ObjectNode) JSON.readTree(spec.toFile());
			add(document);
			Files.createDirectories(target.getParent());
			JSON.writeValue(target.toFile(), document);
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Adds the error answers to every operation of {@code document} that does not list them. */
	static void add(ObjectNode document) {
		ObjectNode responses = (ObjectNode) document.path("components").path("responses");
		responses.set(RATE_LIMITED, JSON.readTree("{\"description\":\"Rate limit exceeded (GitHub's rate-limit "
				+ "documentation: 403 or 429)\",\"content\":{\"application/json\":{\"schema\":"
				+ "{\"$ref\":\"#/components/schemas/basic-error\"}}}}"));
		for (JsonNode path : document.path("paths")) {
			for (String method : path.propertyNames()) {
				if (!METHODS.contains(method)) {
					continue;
				}
				ObjectNode answers = (ObjectNode) path.path(method).path("responses");
				EVERY_OPERATION.forEach((status, component) -> addIfMissing(answers, status, component));
				if (method.equals("get")) {
					// GitHub answers a conditional GET whose ETag still matches with 304.
					addIfMissing(answers, "304", "not_modified");
				}
				else {
					// GitHub answers a request body it refuses with 422 and a validation error.
					addIfMissing(answers, "422", "validation_failed");
				}
			}
		}
	}

	private static void addIfMissing(ObjectNode answers, String status, String component) {
		if (!answers.has(status)) {
			answers.putObject(status).put("$ref", "#/components/responses/" + component);
		}
	}

}
