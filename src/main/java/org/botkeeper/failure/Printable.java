package org.botkeeper.failure;

/**
 * Text from outside (a name, a parameter, a server's answer) made safe to quote in a message: control
 * characters (C0, DEL, C1) and invisible format characters (bidirectional overrides) are written as
 * {@code \}{@code uXXXX}, so no escape sequence reaches the terminal, and the length is bounded.
 */
public final class Printable {

	private Printable() {
	}

	/** {@code text} escaped, cut after {@code max} code points with "..."; "" for null. */
	public static String of(String text, int max) {
		if (text == null) {
			return "";
		}
		StringBuilder out = new StringBuilder();
		text.codePoints().limit(max).forEach(c -> append(out, c));
		return text.codePointCount(0, text.length()) > max ? out + "..." : out.toString();
	}

	/** A whole message: every control character escaped except the line breaks that separate its lines. */
	public static String message(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder out = new StringBuilder(text.length());
		text.codePoints().forEach(c -> {
			if (c == '\n') {
				out.append('\n');
			}
			else {
				append(out, c);
			}
		});
		return out.toString();
	}

	private static void append(StringBuilder out, int c) {
		if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
			out.append(String.format("\\u%04x", c));
		}
		else {
			out.appendCodePoint(c);
		}
	}

}
