package org.botkeeper.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A secret (a token, a password, a private key) held as characters that can be zeroed. Its
 * {@link #toString()} never shows the value, so a secret that reaches a log line, an exception
 * message or a debugger's summary shows as {@code <redacted>}.
 */
public final class SecretValue implements AutoCloseable {

	private final char[] value;

	private boolean cleared;

	private SecretValue(char[] value) {
		this.value = value;
	}

	/** Takes ownership of {@code value}: the caller must not use or zero the array afterwards. */
	public static SecretValue of(char[] value) {
		return new SecretValue(value);
	}

	public static SecretValue of(String value) {
		return new SecretValue(value.toCharArray());
	}

	/** The characters; zero-length once cleared. The caller must not keep or change the array. */
	public char[] chars() {
		if (cleared) {
			throw new IllegalStateException("secret value was cleared");
		}
		return value;
	}

	/**
	 * A String copy, for APIs that take nothing else (JSON bodies, HTTP headers). Strings cannot be
	 * zeroed, so prefer {@link #chars()} or {@link #utf8()} where possible.
	 */
	public String reveal() {
		return new String(chars());
	}

	/** UTF-8 bytes in a fresh array the caller must zero after use. */
	public byte[] utf8() {
		ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars()));
		byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
		Arrays.fill(buffer.array(), (byte) 0);
		return bytes;
	}

	public boolean isEmpty() {
		return value.length == 0;
	}

	public boolean startsWith(String prefix) {
		if (value.length < prefix.length()) {
			return false;
		}
		for (int i = 0; i < prefix.length(); i++) {
			if (value[i] != prefix.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/** Zeroes the characters. */
	@Override
	public void close() {
		Arrays.fill(value, '\0');
		cleared = true;
	}

	@Override
	public boolean equals(Object other) {
		if (!(other instanceof SecretValue that) || that.value.length != value.length) {
			return false;
		}
		int difference = 0; // constant time in the length
		for (int i = 0; i < value.length; i++) {
			difference |= value[i] ^ that.value[i];
		}
		return difference == 0;
	}

	@Override
	public int hashCode() {
		return 0; // never derived from the value
	}

	@Override
	public String toString() {
		return "<redacted>";
	}

}
