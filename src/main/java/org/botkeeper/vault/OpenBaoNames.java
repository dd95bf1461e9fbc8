package org.botkeeper.vault;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.failure.UserFacingException;

/**
 * OpenBao's CLI reads {@code BAO_ADDR}, {@code BAO_TOKEN}, {@code BAO_CACERT}, ... where the vault CLI
 * reads {@code VAULT_*}; botkeeper takes either name. When both names of one setting are set they must
 * agree: botkeeper refuses rather than guess which server or token was meant (a token sent to the wrong
 * server is a token handed out).
 *
 * @see <a href="https://openbao.org/docs/commands/#configure-environment-variables">OpenBao CLI environment variables</a>
 */
final class OpenBaoNames {

	/** The settings both CLIs name, after their {@code VAULT_} / {@code BAO_} prefix. */
	static final List<String> SETTINGS = List.of("ADDR", "TOKEN", "NAMESPACE", "CACERT", "CAPATH", "CLIENT_CERT",
			"CLIENT_KEY", "SKIP_VERIFY");

	private OpenBaoNames() {
	}

	/** {@code env} with each {@code BAO_X} copied to an unset {@code VAULT_X}; refuses when both differ. */
	static Map<String, String> resolve(Map<String, String> env) {
		Map<String, String> resolved = null;
		for (String setting : SETTINGS) {
			String bao = value(env, "BAO_" + setting);
			if (bao == null) {
				continue;
			}
			String vault = value(env, "VAULT_" + setting);
			if (vault == null) {
				if (resolved == null) {
					resolved = new HashMap<>(env);
				}
				resolved.put("VAULT_" + setting, bao);
			}
			else if (!vault.equals(bao)) {
				String values = setting.equals("TOKEN") ? "" : " ('" + vault + "' and '" + bao + "')";
				throw UserFacingException.badInput("VAULT_" + setting + " and BAO_" + setting + " are both set and differ"
						+ values + ". botkeeper reads either name but will not guess which one you meant: unset one.");
			}
		}
		return resolved == null ? env : resolved;
	}

	private static String value(Map<String, String> env, String name) {
		String value = env.get(name);
		return value == null || value.isBlank() ? null : value.strip();
	}

}
