package org.botkeeper.vault;

import java.util.Map;

import org.botkeeper.sync.EnvironmentName;
import org.botkeeper.sync.SecretName;

/**
 * The environment and secret name a new token record gets when none is given: options, else
 * {@code BOTKEEPER_ENVIRONMENT} / {@code BOTKEEPER_SECRET_NAME}, else {@code jupyterhub-bot} and
 * {@code JUPYTERHUB_BOT_PAT}.
 */
public record TokenDefaults(EnvironmentName environment, SecretName secretName) {

	public static final String DEFAULT_ENVIRONMENT = "jupyterhub-bot";

	public static final String DEFAULT_SECRET_NAME = "JUPYTERHUB_BOT_PAT";

	public static TokenDefaults fromEnvironment(Map<String, String> env) {
		return new TokenDefaults(new EnvironmentName(or(env.get("BOTKEEPER_ENVIRONMENT"), DEFAULT_ENVIRONMENT)),
				new SecretName(or(env.get("BOTKEEPER_SECRET_NAME"), DEFAULT_SECRET_NAME)));
	}

	private static String or(String value, String fallback) {
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
