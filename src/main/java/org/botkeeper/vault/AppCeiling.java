package org.botkeeper.vault;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The most a GitHub App binding may ask for: the permissions an admin allows minted installation
 * tokens to carry. Kept at {@code app-ceiling} in the KV mount, next to the writer credential and set
 * by admins and break-glass only, so whoever stores an App key for one repository cannot widen what
 * the broker mints beyond it. A binding that names no permissions gets exactly the ceiling's (never
 * the installation's whole set).
 *
 * @param permissions e.g. {@code contents=write, pull_requests=write}
 */
public record AppCeiling(Map<String, String> permissions) {

	private static final List<String> LEVELS = List.of("read", "write", "admin");

	public AppCeiling {
		permissions = Map.copyOf(new TreeMap<>(permissions));
	}

	/**
	 * The permissions to mint with for a binding that asks for {@code requested}: the request itself
	 * when every permission in it is within the ceiling, the ceiling when the request is empty; empty
	 * when it asks for more.
	 */
	public Optional<Map<String, String>> permit(Map<String, String> requested) {
		if (requested.isEmpty()) {
			return Optional.of(permissions);
		}
		for (Map.Entry<String, String> asked : requested.entrySet()) {
			String allowed = permissions.get(asked.getKey());
			if (allowed == null || LEVELS.indexOf(asked.getValue()) > LEVELS.indexOf(allowed)) {
				return Optional.empty();
			}
		}
		return Optional.of(Map.copyOf(requested));
	}

	/** {@code contents=write,pull_requests=write}, the form the options take. */
	public String text() {
		return AppSource.text(permissions);
	}

}
