package org.botkeeper.vault;

import java.net.URI;
import java.util.Map;

import org.botkeeper.crypto.SecretValue;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Unwraps a response-wrapped AppRole secret id ({@code sys/wrapping/unwrap}). A wrapping token works
 * once: if someone else unwrapped it first, the broker fails to start rather than run with a secret
 * id that may have been seen in transit.
 */
final class AppRoleSecretIds {

	private AppRoleSecretIds() {
	}

	@SuppressWarnings("unchecked")
	static SecretValue unwrap(RestClient vault, SecretValue wrappingToken, URI address) {
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

}
