package org.botkeeper.sync;

/**
 * A GitHub Actions environment name: 1 to 255 characters, no control characters. (It may contain
 * spaces, slashes and other characters, so it is URL-encoded as one path segment on the wire.)
 */
public record EnvironmentName(String value) {

	public EnvironmentName {
		if (value == null || value.isEmpty() || value.length() > 255 || value.isBlank()
				|| value.codePoints().anyMatch(Character::isISOControl)) {
			throw new InvalidNameException("Invalid environment name '" + RepositoryName.printable(value)
					+ "': use 1 to 255 characters without control characters.");
		}
	}

	@Override
	public String toString() {
		return value;
	}

}
