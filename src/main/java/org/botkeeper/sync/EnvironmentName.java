package org.botkeeper.sync;

/**
 * A GitHub Actions environment name: 1 to 255 characters, no control characters, and not {@code .}
 * or {@code ..} (it is one URL path segment on the wire, and those two would name another path). It
 * may contain spaces, slashes and other characters, so it is URL-encoded as one segment.
 */
public record EnvironmentName(String value) {

	public EnvironmentName {
		if (value == null || value.isEmpty() || value.length() > 255 || value.isBlank()
				|| value.codePoints().anyMatch(c -> Character.isISOControl(c) || !Character.isDefined(c))
				|| value.equals(".") || value.equals("..")) {
			throw new InvalidNameException("Invalid environment name '" + RepositoryName.printable(value)
					+ "': use 1 to 255 printable characters, not '.' or '..'.");
		}
	}

	@Override
	public String toString() {
		return value;
	}

}
