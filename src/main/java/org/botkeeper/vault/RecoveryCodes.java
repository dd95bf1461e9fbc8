package org.botkeeper.vault;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;

/**
 * The bot's 2FA recovery codes as kept in the data of {@code account-recovery}: the codes not used yet,
 * in the order GitHub listed them, and the used ones with when and by whom they were taken (so a code
 * taken but lost on its way to a person can still be found by break-glass). Codes are held as
 * {@link SecretValue}s and never appear in {@code toString()} or a message.
 *
 * @see <a href="https://docs.github.com/en/authentication/securing-your-account-with-two-factor-authentication-2fa/configuring-two-factor-authentication-recovery-methods">GitHub
 * recovery codes</a>
 */
public final class RecoveryCodes implements AutoCloseable {

	/** GitHub hands out 16; a little room for other counts, a bound against pasting a whole file of junk. */
	public static final int MAX = 64;

	static final String UNUSED = "unused";

	static final String USED = "used";

	private final List<SecretValue> unused;

	private final List<SecretValue> used;

	private RecoveryCodes(List<SecretValue> unused, List<SecretValue> used) {
		this.unused = unused;
		this.used = used;
	}

	/**
	 * One code as a person typed or pasted it: five letters or digits, an optional '-', five more (as in
	 * GitHub's {@code github-recovery-codes.txt}), surrounding blanks ignored; stored lower case with the
	 * hyphen. Takes ownership of {@code line} and zeroes it.
	 *
	 * @param lineNumber for the message, which never repeats the line
	 */
	public static SecretValue parse(char[] line, int lineNumber) {
		try {
			int start = 0;
			int end = line.length;
			while (start < end && Character.isWhitespace(line[start])) {
				start++;
			}
			while (end > start && Character.isWhitespace(line[end - 1])) {
				end--;
			}
			int length = end - start;
			boolean hyphen = length == 11 && line[start + 5] == '-';
			if (length != 10 && !hyphen) {
				throw notACode(lineNumber);
			}
			char[] code = new char[11];
			int out = 0;
			for (int i = start; i < end; i++) {
				if (hyphen && i == start + 5) {
					continue;
				}
				char c = Character.toLowerCase(line[i]);
				if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
					Arrays.fill(code, '\0');
					throw notACode(lineNumber);
				}
				code[out < 5 ? out : out + 1] = c; // position 5 is the hyphen
				out++;
			}
			code[5] = '-';
			return SecretValue.of(code);
		}
		finally {
			Arrays.fill(line, '\0');
		}
	}

	/** A fresh set, as GitHub just generated it: none used. Refuses none, too many, and duplicates. */
	public static RecoveryCodes fresh(List<SecretValue> codes) {
		if (codes.isEmpty()) {
			throw UserFacingException.badInput("No recovery codes given (empty first line or end of stdin). "
					+ "Nothing was stored.");
		}
		if (codes.size() > MAX) {
			throw UserFacingException.badInput(codes.size() + " recovery codes given; at most " + MAX
					+ " are accepted (GitHub issues 16). Nothing was stored.");
		}
		for (int i = 0; i < codes.size(); i++) {
			for (int j = 0; j < i; j++) {
				if (codes.get(i).equals(codes.get(j))) {
					throw UserFacingException.badInput("Recovery codes " + (j + 1) + " and " + (i + 1)
							+ " are the same. Nothing was stored.");
				}
			}
		}
		return new RecoveryCodes(new ArrayList<>(codes), new ArrayList<>());
	}

	/** The codes in a record's data; a record without codes (or not written by botkeeper) has none. */
	static RecoveryCodes from(Map<String, Object> data) {
		return new RecoveryCodes(lines(data.get(UNUSED)), lines(data.get(USED)));
	}

	/** The data to write: both lists as one string each, which only the body serializer ever reveals. */
	Map<String, Object> toData() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put(UNUSED, new BodySecret(join(unused)));
		data.put(USED, new BodySecret(join(used)));
		return data;
	}

	public int unused() {
		return unused.size();
	}

	public int total() {
		return unused.size() + used.size();
	}

	/**
	 * Takes the first unused code and records it as used at {@code when} by {@code who}. The caller owns
	 * the returned value (a copy) and writes {@link #toData()} back before handing it to anyone.
	 */
	SecretValue take(Instant when, String who) {
		SecretValue code = unused.removeFirst();
		String whoWord = who == null || who.isBlank() ? "unknown" : who.strip().replaceAll("\\s+", "_");
		used.add(SecretValue.of(code.reveal() + " " + when + " " + whoWord));
		SecretValue copy = SecretValue.of(code.reveal());
		code.close();
		return copy;
	}

	@Override
	public void close() {
		unused.forEach(SecretValue::close);
		used.forEach(SecretValue::close);
	}

	@Override
	public String toString() {
		return "RecoveryCodes[" + unused.size() + " unused of " + total() + "]";
	}

	private static List<SecretValue> lines(Object value) {
		List<SecretValue> lines = new ArrayList<>();
		if (value != null) {
			value.toString().lines().map(String::strip).filter(line -> !line.isEmpty()).map(SecretValue::of)
				.forEach(lines::add);
		}
		return lines;
	}

	private static String join(List<SecretValue> values) {
		StringBuilder text = new StringBuilder();
		for (SecretValue value : values) {
			text.append(value.chars()).append('\n');
		}
		return text.toString();
	}

	private static UserFacingException notACode(int lineNumber) {
		return UserFacingException.badInput(String.format(Locale.ROOT, "Line %d is not a GitHub recovery code "
				+ "(five letters or digits, '-', five more, as in github-recovery-codes.txt). Nothing was stored.",
				lineNumber));
	}

}
