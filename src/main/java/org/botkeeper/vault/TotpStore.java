package org.botkeeper.vault;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.failure.UserFacingException;
import org.springframework.vault.support.VaultResponse;

/**
 * The bot's 2FA key in Vault's TOTP engine ({@code keys/account}, imported with
 * {@code generate=false} so Vault never returns the seed again) and the current code from
 * {@code code/account}.
 *
 * @see <a href="https://openbao.org/api-docs/secret/totp/">TOTP secrets engine API</a>
 */
public final class TotpStore {

	private final VaultConnection connection;

	private final VaultLayout layout;

	private final Clock clock;

	public TotpStore(VaultConnection connection, VaultLayout layout, Clock clock) {
		this.connection = connection;
		this.layout = layout;
		this.clock = clock;
	}

	/** The key's parameters (never the seed), or empty when no key is imported. */
	public Optional<KeyInfo> info() {
		VaultResponse response = connection
			.read(access("read", "keys/" + VaultLayout.TOTP_KEY, Policy.ADMIN.policyName(), false), layout.totpKey())
			.orElse(null);
		if (response == null || response.getData() == null) {
			return Optional.empty();
		}
		Map<String, Object> data = response.getData();
		return Optional.of(new KeyInfo(String.valueOf(data.get("algorithm")), intValue(data.get("digits"), 6),
				intValue(data.get("period"), 30), String.valueOf(data.getOrDefault("issuer", "")),
				String.valueOf(data.getOrDefault("account_name", ""))));
	}

	/**
	 * Imports {@code key}; refuses to overwrite an existing key unless {@code replace} (a new key
	 * means the old seed is gone from Vault for good).
	 *
	 * @return true when a key was replaced
	 */
	public boolean importKey(TotpKey key, boolean replace) {
		boolean exists = info().isPresent();
		if (exists && !replace) {
			throw UserFacingException.badInput("A TOTP key 'account' already exists in mount '" + layout.totpMount()
					+ "'. Importing would replace it for good; rerun with --replace if the bot's 2FA was reset.");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("generate", false);
		body.put("key", new BodySecret(new String(key.seed().chars())));
		body.put("algorithm", key.algorithm());
		body.put("digits", key.digits());
		body.put("period", key.period());
		if (key.issuer() != null) {
			body.put("issuer", key.issuer());
		}
		if (key.accountName() != null) {
			body.put("account_name", key.accountName());
		}
		connection.calls()
			.run(access("write", "keys/" + VaultLayout.TOTP_KEY, Policy.BREAKGLASS.policyName(), true),
					() -> connection.template().write(layout.totpKey(), body));
		return exists;
	}

	/**
	 * The current code and the seconds left in its step. The period comes from the key's parameters
	 * when the policy allows reading them, else GitHub's 30 s.
	 */
	public TotpCode code() {
		int period = periodOrDefault();
		VaultResponse response;
		try {
			response = connection
				.read(access("read", "code/" + VaultLayout.TOTP_KEY, Policy.ADMIN.policyName(), true), layout.totpCode())
				.orElse(null);
		}
		catch (VaultException ex) {
			if (ex.status() != 400) {
				throw ex;
			}
			response = null; // the TOTP engine answers 400 "unknown key" for a key never imported
		}
		if (response == null || response.getData() == null || response.getData().get("code") == null) {
			throw new MissingRecordException("No TOTP key 'account' in Vault mount '" + layout.totpMount()
					+ "'. Import the bot's 2FA seed first: botkeeper totp import < otpauth-uri.txt");
		}
		long now = clock.millis() / 1000;
		int secondsLeft = (int) (period - (now % period));
		return new TotpCode(response.getData().get("code").toString(), secondsLeft, period);
	}

	private int periodOrDefault() {
		try {
			return info().map(KeyInfo::period).orElse(30);
		}
		catch (VaultException ex) {
			return 30; // reading the key's parameters is optional; the code read reports real failures
		}
	}

	private VaultAccess access(String verb, String path, String policy, boolean secret) {
		return new VaultAccess(verb, path, layout.totpMount(), layout.policyName(policy), secret);
	}

	private static int intValue(Object value, int fallback) {
		return value == null ? fallback : Integer.parseInt(value.toString());
	}

	/** A code and how long it stays valid. */
	public record TotpCode(String code, int secondsLeft, int period) {

		@Override
		public String toString() {
			return "TotpCode[code=<redacted>, secondsLeft=" + secondsLeft + "]";
		}

	}

	/** The key's parameters as Vault reports them; Vault never returns the seed. */
	public record KeyInfo(String algorithm, int digits, int period, String issuer, String accountName) {

	}

}
