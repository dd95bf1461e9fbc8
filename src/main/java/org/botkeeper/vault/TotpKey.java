package org.botkeeper.vault;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.botkeeper.failure.Printable;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.crypto.SecretValue;

/**
 * A TOTP key to import: the base32 seed and its parameters, parsed from an
 * {@code otpauth://totp/LABEL?secret=...} URI or a bare base32 seed (GitHub's defaults then: SHA1, 6
 * digits, 30 s). Error messages name the field that is wrong, never the seed or the URI.
 *
 * @see <a href="https://github.com/google/google-authenticator/wiki/Key-Uri-Format">Key URI format</a>
 */
public record TotpKey(SecretValue seed, String algorithm, int digits, int period, String issuer, String accountName) {

	private static final Set<String> ALGORITHMS = Set.of("SHA1", "SHA256", "SHA512");

	private static final String SCHEME = "otpauth://";

	/** GitHub's seeds are 80 bits (16 base32 characters); RFC 4226 asks for 128 and recommends 160. */
	static final int MIN_SEED_CHARACTERS = 16;

	/** A seed is as long as the HMAC's output at most (64 bytes for SHA512); anything far longer is not a seed. */
	static final int MAX_SEED_BYTES = 256;

	/** Longer than any otpauth URI with a seed of at most {@link #MAX_SEED_BYTES}, an issuer and a label. */
	static final int MAX_INPUT_CHARACTERS = 4096;

	/** Parses a URI or a base32 seed; surrounding whitespace is ignored. */
	public static TotpKey parse(char[] input) {
		if (input.length > MAX_INPUT_CHARACTERS) {
			throw UserFacingException.badInput("The TOTP input is " + input.length + " characters long; an otpauth URI "
					+ "or a base32 seed is at most " + MAX_INPUT_CHARACTERS + ". Give the URI behind GitHub's QR code, "
					+ "or its setup key.");
		}
		String text = new String(input).strip();
		if (text.isEmpty()) {
			throw UserFacingException.badInput("No TOTP key on stdin: give an otpauth://totp/... URI or a base32 seed.");
		}
		if (text.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			return parseUri(text);
		}
		if (text.contains("://")) {
			throw UserFacingException.badInput("Not a TOTP key: expected an otpauth://totp/... URI or a base32 seed.");
		}
		return new TotpKey(SecretValue.of(base32(text)), "SHA1", 6, 30, null, null);
	}

	private static TotpKey parseUri(String text) {
		String rest = text.substring(SCHEME.length());
		int slash = rest.indexOf('/');
		String type = slash < 0 ? rest : rest.substring(0, slash);
		if (!type.equalsIgnoreCase("totp")) {
			throw UserFacingException.badInput("Unsupported OTP type in the otpauth URI: only 'totp' is supported"
					+ (type.equalsIgnoreCase("hotp") ? " (counter-based 'hotp' keys are not)." : "."));
		}
		String afterType = slash < 0 ? "" : rest.substring(slash + 1);
		int question = afterType.indexOf('?');
		String label = decode(question < 0 ? afterType : afterType.substring(0, question));
		Map<String, String> parameters = query(question < 0 ? "" : afterType.substring(question + 1));
		String secret = parameters.get("secret");
		if (secret == null || secret.isBlank()) {
			throw UserFacingException.badInput("The otpauth URI has no 'secret' parameter.");
		}
		String algorithm = parameters.getOrDefault("algorithm", "SHA1").toUpperCase(Locale.ROOT);
		if (!ALGORITHMS.contains(algorithm)) {
			throw UserFacingException.badInput("Unsupported algorithm '" + printable(algorithm)
					+ "' in the otpauth URI: use SHA1, SHA256 or SHA512.");
		}
		int digits = number(parameters, "digits", 6);
		if (digits != 6 && digits != 8) {
			throw UserFacingException.badInput("Unsupported digits=" + digits + " in the otpauth URI: use 6 or 8.");
		}
		int period = number(parameters, "period", 30);
		if (period < 1 || period > 300) {
			throw UserFacingException.badInput("Unsupported period=" + period
					+ " in the otpauth URI: use 1 to 300 seconds (GitHub uses 30).");
		}
		String issuer = parameters.get("issuer");
		visible("label", label);
		visible("issuer", issuer);
		String account = label;
		int colon = label.indexOf(':');
		if (colon >= 0) {
			issuer = issuer != null ? issuer : label.substring(0, colon).strip();
			account = label.substring(colon + 1).strip();
		}
		return new TotpKey(SecretValue.of(base32(secret)), algorithm, digits, period, blankToNull(issuer),
				blankToNull(account));
	}

	/** Upper-cases, drops spaces, dashes and '=' padding, and checks the base32 alphabet and length. */
	static char[] base32(String text) {
		StringBuilder seed = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			if (c == ' ' || c == '-' || c == '=') {
				continue;
			}
			char upper = Character.toUpperCase(c);
			if (!((upper >= 'A' && upper <= 'Z') || (upper >= '2' && upper <= '7'))) {
				throw UserFacingException.badInput("The TOTP seed is not base32: use letters A-Z and digits 2-7 only.");
			}
			seed.append(upper);
		}
		int length = seed.length();
		if (length < MIN_SEED_CHARACTERS) {
			throw UserFacingException.badInput("The TOTP seed is too short (" + length
					+ " base32 characters): a real seed has at least 16 (80 bits).");
		}
		if (length * 5 / 8 > MAX_SEED_BYTES) {
			throw UserFacingException.badInput("The TOTP seed is too long (" + length + " base32 characters, "
					+ length * 5 / 8 + " bytes): a real seed has 10 to 64 bytes, and botkeeper takes at most "
					+ MAX_SEED_BYTES + ". Check that the input is the bot's 2FA key.");
		}
		if (Set.of(1, 3, 6).contains(length % 8)) {
			throw UserFacingException.badInput("The TOTP seed has an impossible base32 length (" + length
					+ " characters): it was probably cut off when copied.");
		}
		char[] chars = new char[length];
		seed.getChars(0, length, chars, 0);
		seed.setLength(0);
		return chars;
	}

	private static Map<String, String> query(String query) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String key = decode(equals < 0 ? pair : pair.substring(0, equals)).toLowerCase(Locale.ROOT);
			parameters.put(key, equals < 0 ? "" : decode(pair.substring(equals + 1)));
		}
		return parameters;
	}

	private static int number(Map<String, String> parameters, String name, int fallback) {
		String value = parameters.get(name);
		if (value == null) {
			return fallback;
		}
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			throw UserFacingException.badInput("The '" + name + "' parameter of the otpauth URI is not a number.");
		}
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// Not wrapped: the exception's text would quote the input, which may be the seed.
			throw UserFacingException.badInput("The otpauth URI has a malformed %-escape.");
		}
	}

	private static String printable(String text) {
		return Printable.of(text, 20);
	}

	/**
	 * Vault keeps the label and issuer and shows them to whoever reads the key: a control character there
	 * would reach every later terminal, so it is refused here, shown escaped.
	 */
	private static void visible(String field, String text) {
		if (text != null && !Printable.of(text, Integer.MAX_VALUE).equals(text)) {
			throw UserFacingException.badInput("The otpauth URI's " + field + " '" + Printable.of(text, 80)
					+ "' has control characters. Remove them (they are not part of the key) and import again.");
		}
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	@Override
	public String toString() {
		return "TotpKey[seed=<redacted>, algorithm=" + algorithm + ", digits=" + digits + ", period=" + period
				+ ", issuer=" + issuer + ", accountName=" + accountName + "]";
	}

}
