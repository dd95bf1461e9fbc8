package org.botkeeper.sync;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A GitHub Actions secret name: letters, digits and underscores, not starting with a digit, and not
 * starting with {@code GITHUB_} in any case (GitHub reserves that prefix). GitHub stores names in
 * upper case, so equality ignores case.
 */
public record SecretName(String value) {

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	public SecretName {
		if (value == null || !NAME.matcher(value).matches()) {
			throw new InvalidNameException("Invalid secret name '" + RepositoryName.printable(value)
					+ "': use letters, digits and '_', not starting with a digit.");
		}
		if (value.toUpperCase(Locale.ROOT).startsWith("GITHUB_")) {
			throw new InvalidNameException("Invalid secret name '" + value + "': GitHub reserves the prefix GITHUB_.");
		}
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SecretName that && value.equalsIgnoreCase(that.value);
	}

	@Override
	public int hashCode() {
		return value.toUpperCase(Locale.ROOT).hashCode();
	}

	@Override
	public String toString() {
		return value;
	}

}
