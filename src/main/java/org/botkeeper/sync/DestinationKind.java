package org.botkeeper.sync;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which kind of GitHub secret a binding's token goes into. They differ in who can read the value: an
 * environment secret only jobs that deploy to the environment (which botkeeper keeps limited to
 * protected branches), a repository Actions secret every workflow of the repository on any branch, a
 * Dependabot secret only workflows Dependabot triggers (which cannot read Actions secrets at all).
 */
public enum DestinationKind {

	/** An Actions environment secret: the default, and the only kind with branch protection. */
	ENVIRONMENT("environment", "environment secret"),
	/** An Actions repository secret: readable by every workflow of the repository. */
	REPOSITORY("repository", "repository Actions secret"),
	/** A Dependabot repository secret: readable by workflows Dependabot triggers. */
	DEPENDABOT("dependabot", "Dependabot secret");

	private final String value;

	private final String description;

	DestinationKind(String value, String description) {
		this.value = value;
		this.description = description;
	}

	/** The word stored in Vault and typed on the command line. */
	public String value() {
		return value;
	}

	/** The kind of secret, in words ("repository Actions secret"). */
	public String description() {
		return description;
	}

	/** The kind named {@code value} (any case); a clear error listing the kinds otherwise. */
	public static DestinationKind of(String value) {
		return Arrays.stream(values())
			.filter(kind -> kind.value.equals(value == null ? null : value.toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new InvalidNameException("Unknown destination '" + RepositoryName.printable(value)
					+ "': use one of " + names() + "."));
	}

	/** The kinds' words, comma-separated, for help and errors. */
	public static String names() {
		return Arrays.stream(values()).map(DestinationKind::value).collect(Collectors.joining(", "));
	}

}
