package org.botkeeper.vault;

import java.util.Map;
import java.util.regex.Pattern;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Tells, before logging in, whether the AppRole secret id {@code serve} was given is the kind its
 * settings say: a plain secret id (a UUID, as Vault and OpenBao issue them) or a response-wrapping token
 * ({@code botkeeper.vault.secret-id-wrapped=true}). A mix-up otherwise shows as Vault's bare "invalid
 * secret id" on the first run, or as an unwrap failure that hints at an attack. The check never uses the
 * token up: {@code sys/wrapping/lookup} needs no client token and leaves the wrapping token valid.
 *
 * @see <a href="https://developer.hashicorp.com/vault/api-docs/system/wrapping-lookup">sys/wrapping/lookup</a>
 */
final class SecretIdForm {

	private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private SecretIdForm() {
	}

	/** @throws UserFacingException naming both settings when the secret id is not of the kind they say */
	static void check(RestClient vault, SecretValue secretId, boolean wrapped) {
		boolean uuid = UUID.matcher(secretId.reveal()).matches();
		if (wrapped && uuid) {
			throw UserFacingException.badInput("botkeeper.vault.secret-id-wrapped is true, but botkeeper.vault.secret-id-file "
					+ "holds a plain AppRole secret id (a UUID), not a response-wrapping token. Remove "
					+ "botkeeper.vault.secret-id-wrapped (or set it to false), or hand over a wrapped secret id "
					+ "(vault write -f -wrap-ttl=10m auth/approle/role/botkeeper-broker/secret-id).");
		}
		if (!wrapped && !uuid && isWrappingToken(vault, secretId)) {
			throw UserFacingException.badInput("botkeeper.vault.secret-id-file holds a response-wrapping token, not a "
					+ "secret id, and botkeeper.vault.secret-id-wrapped is not set. Set botkeeper.vault.secret-id-wrapped=true "
					+ "and botkeeper unwraps it once at start-up. It was only looked up, not used: it still works.");
		}
	}

	/** True when Vault knows {@code value} as a live wrapping token; false for anything else, or no answer. */
	private static boolean isWrappingToken(RestClient vault, SecretValue value) {
		try {
			vault.post().uri("sys/wrapping/lookup").body(Map.of("token", BodySecret.of(value))).retrieve().toBodilessEntity();
			return true;
		}
		catch (RestClientException ex) {
			return false;
		}
	}

}
