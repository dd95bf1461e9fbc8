package org.botkeeper.vault;

import java.net.URI;
import java.util.Map;

import org.botkeeper.failure.Printable;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.crypto.SecretValue;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Unwraps a response-wrapped AppRole secret id ({@code sys/wrapping/unwrap}). A wrapping token works
 * once: if someone else unwrapped it first, the broker fails to start rather than run with a secret
 * id that may have been seen in transit. Before unwrapping, {@code sys/wrapping/lookup} must show that
 * the token was made by the role's {@code secret-id} endpoint: a token wrapped anywhere else (a secret
 * id of another role, or something else entirely, swapped in on the way) is refused, not used.
 *
 * @see <a href="https://developer.hashicorp.com/vault/docs/concepts/response-wrapping#response-wrapping-token-validation">Response-wrapping token validation</a>
 */
final class AppRoleSecretIds {

	private AppRoleSecretIds() {
	}

	/**
	 * @param expectedPath where the token must have been created, e.g.
	 *     {@code auth/approle/role/botkeeper-broker/secret-id}
	 */
	@SuppressWarnings("unchecked")
	static SecretValue unwrap(RestClient vault, SecretValue wrappingToken, URI address, String expectedPath) {
		String creationPath = creationPath(vault, wrappingToken, address);
		if (!expectedPath.equals(creationPath)) {
			throw UserFacingException.badInput("The wrapping token in botkeeper.vault.secret-id-file was created by '"
					+ Printable.of(creationPath, 120) + "', not by '" + expectedPath + "': it is not a secret id of this "
					+ "role. It is the wrong token, or it was swapped on its way here. Not unwrapping it; issue a new one "
					+ "with: vault write -f -wrap-ttl=10m " + expectedPath);
		}
		try {
			Map<String, Object> response = vault.post()
				.uri("sys/wrapping/unwrap")
				.header("X-Vault-Token", wrappingToken.reveal())
				.retrieve()
				.body(Map.class);
			Object data = response == null ? null : response.get("data");
			Object secretId = data instanceof Map<?, ?> map ? map.get("secret_id") : null;
			if (secretId == null) {
				throw new VaultException("The wrapped AppRole secret id from " + address
						+ " held no secret_id. Create one with: vault write -f -wrap-ttl=10m "
						+ "auth/approle/role/botkeeper-broker/secret-id", 0, null);
			}
			return SecretValue.of(secretId.toString());
		}
		catch (RestClientException ex) {
			throw new VaultException("Cannot unwrap the AppRole secret id at " + address
					+ ": Vault refused the wrapping token (used already, expired, or never valid). If it was used "
					+ "already, someone else may have seen the secret id: revoke it and issue a new wrapped one.", VaultCalls.status(ex), ex);
		}
	}

	/** {@code creation_path} of the wrapping token, from {@code sys/wrapping/lookup} (which does not use it up). */
	@SuppressWarnings("unchecked")
	private static String creationPath(RestClient vault, SecretValue wrappingToken, URI address) {
		Map<String, Object> response;
		try {
			response = vault.post()
				.uri("sys/wrapping/lookup")
				.body(Map.of("token", BodySecret.of(wrappingToken)))
				.retrieve()
				.body(Map.class);
		}
		catch (RestClientException ex) {
			throw new VaultException("Cannot look up the wrapping token in "
					+ "botkeeper.vault.secret-id-file at " + address + ": Vault does not know it (used already, expired, "
					+ "or never valid). If it was used already, someone else may have seen the secret id: revoke it and "
					+ "issue a new wrapped one.", VaultCalls.status(ex), ex);
		}
		Object data = response == null ? null : response.get("data");
		Object path = data instanceof Map<?, ?> map ? map.get("creation_path") : null;
		return path == null ? "" : path.toString();
	}

}
