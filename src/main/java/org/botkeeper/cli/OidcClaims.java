package org.botkeeper.cli;

import org.botkeeper.failure.Printable;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.RepositoryName;

/**
 * The claim values {@code oidc enable} and {@code oidc broker} take on the command line, checked
 * before Vault is asked anything: a role bound to a mistyped claim would silently accept no job.
 */
final class OidcClaims {

	private OidcClaims() {
	}

	/** A GitHub numeric id given as {@code option}. */
	static long id(String option, String value) {
		if (value == null || !value.strip().matches("[1-9][0-9]{0,18}")) {
			throw UserFacingException.badInput(option + " '" + Printable.of(value, 30) + "' is not a GitHub id: write "
					+ "the number, e.g. from gh api repos/OWNER/REPO --jq '.id, .owner.id'.");
		}
		return Long.parseLong(value.strip());
	}

	/** A {@code job_workflow_ref} ({@code OWNER/REPO/PATH@REF}) given with --workflow-ref; null stays null. */
	static String workflowRef(String value, RepositoryName repo) {
		if (value == null) {
			return null;
		}
		// A workflow of another repository (a reusable one) is fine; what the ref names is the job's workflow file.
		if (!value.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/[^@\\s]+@\\S+")) {
			throw UserFacingException.badInput("--workflow-ref '" + Printable.of(value, 120) + "' is not a "
					+ "job_workflow_ref: write OWNER/REPO/PATH@REF, e.g. " + repo
					+ "/.github/workflows/release.yml@refs/heads/main.");
		}
		return value;
	}

	/** The audience a job asks its token for, given with --audience. */
	static String audience(String value) {
		if (value.isBlank() || value.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))
				|| value.length() > 255) {
			throw UserFacingException.badInput("--audience '" + Printable.of(value, 60) + "' must be 1 to 255 "
					+ "characters without spaces.");
		}
		return value;
	}

	/**
	 * A YAML scalar for a printed workflow snippet: as is when plain characters, else single-quoted, so
	 * an environment named e.g. "prod: eu" pastes as that name and not as YAML structure.
	 */
	static String yaml(String value) {
		return value.matches("[A-Za-z0-9][A-Za-z0-9._/@-]*") ? value : "'" + value.replace("'", "''") + "'";
	}

}
