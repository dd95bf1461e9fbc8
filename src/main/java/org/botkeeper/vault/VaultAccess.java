package org.botkeeper.vault;

/**
 * What a Vault call is about, for the message a person reads when it fails: the verb, the path
 * inside the mount, the mount, the policy that grants it, and whether the endpoint holds secrets (then
 * nothing the server said is repeated, because a server may echo what it was sent).
 *
 * @param verb "read", "write", "list" or "delete"
 * @param path the path inside the mount, e.g. {@code tokens/jupyterhub/binderhub}
 * @param mount the mount, e.g. {@code botkeeper}
 * @param policy the botkeeper policy that allows this call, e.g. {@code botkeeper-admin}
 * @param secretEndpoint true when request or response can carry a secret value
 */
public record VaultAccess(String verb, String path, String mount, String policy, boolean secretEndpoint) {

	/** True for a call that changes nothing (read or list), so asking again is safe. */
	boolean repeatable() {
		return "read".equals(verb) || "list".equals(verb);
	}

	/** One line: "Cannot read 'tokens/o/r' from Vault mount 'botkeeper'". */
	String describe() {
		String preposition = switch (verb) {
			case "write" -> "to";
			case "read", "list", "delete" -> "from";
			default -> "on";
		};
		return "Cannot " + verb + " '" + path + "' " + preposition + " Vault mount '" + mount + "'";
	}

}
