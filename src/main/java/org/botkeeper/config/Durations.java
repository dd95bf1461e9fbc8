package org.botkeeper.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of every setting and option, the same as Spring Boot's for {@code serve}'s
 * properties: a number with a unit ({@code 500ms}, {@code 1s}, {@code 5m}, {@code 1h}, {@code 30d};
 * also {@code ns} and {@code us}; no unit means milliseconds) or ISO-8601 ({@code PT1M}). Written out here
 * so that the broker, which the CLI uses without Spring's application context, needs no Spring class to
 * read one.
 */
public final class Durations {

	private static final Pattern SIMPLE = Pattern.compile("([+-]?\\d+)([a-zA-Z]{0,2})");

	private Durations() {
	}

	/** The duration {@code text} spells; IllegalArgumentException (naming the text) when it spells none. */
	public static Duration parse(String text) {
		String trimmed = text.strip();
		Matcher simple = SIMPLE.matcher(trimmed);
		if (simple.matches()) {
			long amount;
			try {
				amount = Long.parseLong(simple.group(1));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("'" + text + "' is not a duration: the number is too large", ex);
			}
			try {
				return ofUnit(amount, simple.group(2), text);
			}
			catch (ArithmeticException ex) {
				throw new IllegalArgumentException("'" + text + "' is not a duration: it is too long", ex);
			}
		}
		try {
			return Duration.parse(trimmed);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a duration", ex);
		}
	}

	private static Duration ofUnit(long amount, String unit, String text) {
		return switch (unit.toLowerCase(Locale.ROOT)) {
			case "ns" -> Duration.ofNanos(amount);
			case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
			case "", "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			case "d" -> Duration.ofDays(amount);
			default -> throw new IllegalArgumentException(
					"'" + text + "' is not a duration: unknown unit '" + unit + "'");
		};
	}

}
