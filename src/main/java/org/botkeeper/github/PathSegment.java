package org.botkeeper.github;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes one URL path segment (RFC 3986): everything but unreserved characters, so an
 * environment named {@code prod/eu west} travels as {@code prod%2Feu%20west}, one segment.
 * ({@code URLEncoder} is for forms and would turn a space into {@code +}.)
 */
final class PathSegment {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private PathSegment() {
	}

	static String encode(String segment) {
		StringBuilder out = new StringBuilder(segment.length() + 8);
		for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				out.append((char) c);
			}
			else {
				out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
			}
		}
		return out.toString();
	}

}
