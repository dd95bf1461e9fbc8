package org.botkeeper.githubsim;

import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/**
 * Reading, writing and deleting one secret of any scope (an environment, a repository's Actions or
 * Dependabot secrets, an organisation): the same name rules, the same body checks, the same answer to a
 * box sealed to a stale key ({@link SimBehaviour}), and the box opened at write time so that tests can
 * compare the plaintext.
 */
final class SimSecretWrites {

	private final SimState state;

	private final SimFaults faults;

	private final SimBehaviour behaviour;

	SimSecretWrites(SimState state, SimFaults faults, SimBehaviour behaviour) {
		this.state = state;
		this.faults = faults;
		this.behaviour = behaviour;
	}

	/** GET, PUT or DELETE of {@code secretName} in {@code store}, a scope with no fields beyond the box. */
	SimResponse serve(SimExchange ex, SimSecretStore store, String secretName) {
		return switch (ex.method()) {
			case "GET" -> store.secret(secretName) == null ? SimResponse.notFound()
					: SimResponse.json(200, SimJson.secret(store.secret(secretName)).toString());
			case "PUT" -> put(ex, store, secretName, Set.of(), body -> null);
			case "DELETE" -> store.removeSecret(secretName) ? SimResponse.empty(204) : SimResponse.notFound();
			default -> SimResponse.error(405, "Method Not Allowed");
		};
	}

	/**
	 * Stores the box in the body, opened with the store's current key. {@code extraFields} are the body
	 * fields the scope takes besides {@code encrypted_value} and {@code key_id}; {@code beforeStore}
	 * checks and applies them once the box is accepted, answering an error to refuse the write (nothing
	 * is stored then) or null.
	 */
	SimResponse put(SimExchange ex, SimSecretStore store, String secretName, Set<String> extraFields,
			Function<JsonNode, SimResponse> beforeStore) {
		if (!secretName.matches("[A-Za-z_][A-Za-z0-9_]*") || secretName.toUpperCase().startsWith("GITHUB_")) {
			return SimResponse.error(422, "Secret names can only contain alphanumeric characters or underscores.");
		}
		JsonNode body = SimJson.parse(ex.body());
		for (Iterator<String> names = body.propertyNames().iterator(); names.hasNext();) {
			String field = names.next();
			if (!field.equals("encrypted_value") && !field.equals("key_id") && !extraFields.contains(field)) {
				return SimResponse.error(422, "Invalid request: unexpected field " + field);
			}
		}
		String sealed = body.path("encrypted_value").asString("");
		String keyId = body.path("key_id").asString("");
		if (sealed.isEmpty() || keyId.isEmpty()) {
			return SimResponse.error(422, "Invalid request: encrypted_value and key_id are required.");
		}
		if (faults.takeKeyRotation()) {
			store.rotateKey();
		}
		// Not documented by GitHub; by default accepted, and the box does not open below (cli/cli#3831).
		if (!keyId.equals(store.keyId()) && behaviour.staleKeyAnswer() == SimBehaviour.StaleKeyAnswer.REFUSE_422) {
			return SimResponse.error(422, "Bad request: key_id does not match the current public key.");
		}
		byte[] plaintext;
		try {
			plaintext = store.open(sealed);
		}
		catch (IllegalArgumentException e) {
			// GitHub cannot tell a box sealed to another key (a stale one, another scope's) from a good one: it
			// stores garbage. So does this.
			plaintext = Base64.getDecoder().decode("Z2FyYmFnZQ==");
		}
		SimResponse refused = beforeStore.apply(body);
		if (refused != null) {
			return refused;
		}
		boolean existed = store.secret(secretName) != null;
		store.store(secretName, plaintext, keyId, state.now());
		// GitHub's description: 201 carries an empty JSON object, 204 nothing.
		return existed ? SimResponse.empty(204) : SimResponse.json(201, "{}");
	}

}
