package org.botkeeper.vault;

import java.util.Map;

import org.botkeeper.vault.InitStep.Action;
import org.springframework.vault.support.VaultMount;

/**
 * The {@code vault init} step that enables an auth method at a path: unchanged when one of that type is
 * there already, refused (before anything is written) when one of another type is.
 */
final class AuthMethodStep {

	private AuthMethodStep() {
	}

	/**
	 * @param auths Vault's auth methods by path ({@code sys/auth})
	 * @param kind what the plan shows, e.g. "AppRole"
	 */
	static InitStep.Planned enable(VaultConnection connection, Map<String, VaultMount> auths, String path, String type,
			String kind) {
		VaultMount existing = auths.get(path + "/");
		String target = "auth " + path + "/";
		if (existing != null) {
			if (!type.equals(existing.getType())) {
				throw new VaultException("Vault has an auth method of type " + existing.getType() + " at '" + path
						+ "/', not " + type + ". Move it away first. Nothing was changed.");
			}
			return InitStep.Planned.unchanged(new InitStep(target, Action.UNCHANGED, kind));
		}
		return new InitStep.Planned(new InitStep(target, Action.CREATE, kind),
				() -> connection.calls().run(new VaultAccess("write", "sys/auth/" + path, "sys", VaultBootstrap.OPERATOR, false),
						() -> connection.template().opsForSys().authMount(path, VaultMount.create(type))));
	}

}
