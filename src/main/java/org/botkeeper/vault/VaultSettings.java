package org.botkeeper.vault;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.botkeeper.config.ClearText;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.crypto.SecretValue;

/**
 * Where Vault is and how to log in, read from the environment the way the {@code vault} CLI reads it:
 * {@code VAULT_ADDR}, {@code VAULT_TOKEN} (else {@code ~/.vault-token}), {@code VAULT_NAMESPACE} and the
 * TLS variables {@code VAULT_CACERT}, {@code VAULT_CAPATH}, {@code VAULT_CLIENT_CERT},
 * {@code VAULT_CLIENT_KEY}. TLS verification cannot be turned off: {@code VAULT_SKIP_VERIFY} is refused, and
 * so is plain {@code http://} to anything but this machine ({@link ClearText}).
 *
 * @see <a href="https://developer.hashicorp.com/vault/docs/commands#configure-environment-variables">Vault CLI environment variables</a>
 */
public record VaultSettings(URI address, SecretValue token, String namespace, Path caCert, Path caPath,
		Path clientCert, Path clientKey) {

	/** The vault CLI's default when VAULT_ADDR is unset. */
	static final String DEFAULT_ADDRESS = "https://127.0.0.1:8200";

	/**
	 * Reads the settings from {@code env} (the process environment, or a test's own map); {@code HOME}
	 * from that map locates {@code ~/.vault-token}.
	 */
	public static VaultSettings fromEnvironment(Map<String, String> env) {
		return read(env, true);
	}

	/** The same settings without a token, for a login that obtains one (AppRole). */
	public static VaultSettings forLogin(Map<String, String> env) {
		return read(env, false);
	}

	private static VaultSettings read(Map<String, String> given, boolean withToken) {
		Map<String, String> env = OpenBaoNames.resolve(given); // BAO_ADDR, BAO_TOKEN, ... as aliases
		String skipVerify = env.get("VAULT_SKIP_VERIFY");
		if (skipVerify != null && !skipVerify.isBlank() && !skipVerify.equalsIgnoreCase("false")
				&& !skipVerify.equals("0")) {
			throw UserFacingException.badInput("VAULT_SKIP_VERIFY is set, but botkeeper never turns off TLS "
					+ "verification: it would send the bot's credentials to whoever answers. Unset it and point "
					+ "VAULT_CACERT at the server's CA certificate instead.");
		}
		URI address = address(blankToNull(env.get("VAULT_ADDR")), "VAULT_ADDR");
		return new VaultSettings(address, withToken ? token(env) : null, blankToNull(env.get("VAULT_NAMESPACE")),
				file(env, "VAULT_CACERT"), file(env, "VAULT_CAPATH"), file(env, "VAULT_CLIENT_CERT"),
				file(env, "VAULT_CLIENT_KEY"));
	}

	/**
	 * These settings with {@code address} in place of VAULT_ADDR, checked the same way; {@code setting}
	 * names where it came from (e.g. {@code botkeeper.vault.address}) in the message of a refusal.
	 */
	public VaultSettings withAddress(String address, String setting) {
		return new VaultSettings(address(address, setting), token, namespace, caCert, caPath, clientCert, clientKey);
	}

	private static URI address(String text, String setting) {
		String value = text == null ? DEFAULT_ADDRESS : text;
		URI uri;
		try {
			uri = URI.create(value);
			if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
				throw new IllegalArgumentException("not an http(s) URL");
			}
		}
		catch (IllegalArgumentException ex) {
			throw UserFacingException.badInput("Invalid " + setting + " '" + value
					+ "': expected a URL such as https://vault.example.org:8200.");
		}
		if (!ClearText.allowed(uri)) {
			throw UserFacingException.badInput(ClearText.refusal(setting, uri));
		}
		return uri;
	}

	private static SecretValue token(Map<String, String> env) {
		String token = blankToNull(env.get("VAULT_TOKEN"));
		if (token != null) {
			return SecretValue.of(token.strip());
		}
		String home = env.getOrDefault("HOME", System.getProperty("user.home"));
		Path file;
		try {
			file = Path.of(home, ".vault-token");
		}
		catch (java.nio.file.InvalidPathException ex) {
			throw UserFacingException.badInput("HOME is not a usable directory name (" + ex.getReason() + ").");
		}
		if (Files.isReadable(file)) {
			try {
				String content = Files.readString(file).strip();
				if (!content.isEmpty()) {
					return SecretValue.of(content);
				}
			}
			catch (IOException ex) {
				throw UserFacingException.badInput("Cannot read " + file + ": " + ex.getMessage());
			}
		}
		throw UserFacingException.badInput("No Vault token: set VAULT_TOKEN, or log in with 'vault login' (or 'bao "
				+ "login'), which writes ~/.vault-token.");
	}

	private static Path file(Map<String, String> env, String variable) {
		String value = blankToNull(env.get(variable));
		if (value == null) {
			return null;
		}
		Path path;
		try {
			path = Path.of(value);
		}
		catch (java.nio.file.InvalidPathException ex) {
			throw UserFacingException.badInput(variable + " is not a usable file name (" + ex.getReason() + ").");
		}
		if (!Files.exists(path)) {
			throw UserFacingException.badInput(variable + " names " + path + ", which does not exist.");
		}
		return path;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	@Override
	public String toString() {
		return "VaultSettings[address=" + address + ", namespace=" + namespace + ", token=<redacted>]";
	}

}
