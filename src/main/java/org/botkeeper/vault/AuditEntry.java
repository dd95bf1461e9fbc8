package org.botkeeper.vault;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One line of Vault's (or OpenBao's) audit log, as its {@code file} device writes it: a JSON object per
 * request and per response, matched by {@code request.id}. Only the fields that say who did what, where
 * and with what outcome are kept: the request's operation and path (plain text in the log), the caller's
 * {@code auth.display_name}, {@code entity_id} and {@code policies}, the remote address and time. Values
 * ({@code request.data}, {@code response.data}, {@code response.secret}), tokens and accessors are never
 * read (they are HMAC'd in the log, and stay out of botkeeper's output), nor is the error's text, which
 * can quote a request's data: an error is only told apart as denied or failed.
 *
 * @see <a href="https://developer.hashicorp.com/vault/docs/audit/schema">Audit log entry schema</a>
 * @see <a href="https://openbao.org/docs/audit/">OpenBao audit devices</a>
 */
public record AuditEntry(Instant time, Kind kind, String requestId, String operation, String path,
		String displayName, String entityId, List<String> policies, String remoteAddress, Outcome outcome) {

	/** A request is logged before Vault acts on it, a response after (with the outcome). */
	public enum Kind {

		REQUEST, RESPONSE

	}

	/** How the request ended: {@code DENIED} when a policy refused it (Vault's "permission denied"). */
	public enum Outcome {

		OK, DENIED, FAILED;

		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	public AuditEntry {
		policies = List.copyOf(policies);
	}

	/** The entry {@code line} holds, or empty when it is not JSON or not an audit entry. */
	public static Optional<AuditEntry> parse(String line) {
		JsonNode node;
		try {
			node = MAPPER.readTree(line);
		}
		catch (JacksonException ex) {
			// Not JSON: the reason would quote the line, which may be anything; the caller counts it.
			return Optional.empty();
		}
		if (node == null || !node.isObject()) {
			return Optional.empty();
		}
		Kind kind = switch (text(node.get("type"))) {
			case "request" -> Kind.REQUEST;
			case "response" -> Kind.RESPONSE;
			default -> null;
		};
		JsonNode request = node.get("request");
		Instant time = time(text(node.get("time")));
		if (kind == null || request == null || !request.isObject() || time == null || text(request.get("path")).isEmpty()) {
			return Optional.empty();
		}
		JsonNode auth = node.get("auth");
		List<String> policies = new ArrayList<>();
		String displayName = "";
		String entityId = "";
		if (auth != null && auth.isObject()) {
			displayName = text(auth.get("display_name"));
			entityId = text(auth.get("entity_id"));
			JsonNode names = auth.get("policies");
			if (names != null && names.isArray()) {
				names.forEach(name -> policies.add(text(name)));
			}
		}
		return Optional.of(new AuditEntry(time, kind, text(request.get("id")), text(request.get("operation")),
				text(request.get("path")), displayName, entityId, policies, text(request.get("remote_address")),
				outcome(node)));
	}

	/**
	 * Denied when Vault said "permission denied" (policy_results.allowed false says the same where the
	 * engine logs it), failed on any other error; the text itself is not kept.
	 */
	private static Outcome outcome(JsonNode node) {
		String error = text(node.get("error"));
		JsonNode results = node.path("auth").path("policy_results").get("allowed");
		if (error.contains("permission denied") || (results != null && results.isBoolean() && !results.booleanValue())) {
			return Outcome.DENIED;
		}
		return error.isEmpty() ? Outcome.OK : Outcome.FAILED;
	}

	private static Instant time(String text) {
		try {
			return text.isEmpty() ? null : Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static String text(JsonNode node) {
		return node == null || !node.isValueNode() || node.isNull() ? "" : node.asString();
	}

}
