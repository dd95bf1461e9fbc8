package org.botkeeper.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.TokenPermissions;

/**
 * The permissions {@code token rotate} fills GitHub's form with, and where they come from, said on
 * stderr because a person checks the form against it: {@code --permission} first, then what the
 * bindings file declares, then what the last rotation recorded, then {@link #DEFAULT}.
 *
 * @param needs permission name to level, in order
 * @param source one sentence naming where {@code needs} come from
 */
record RotationPermissions(Map<String, String> needs, String source) {

	/** What a bot token needs when nothing says otherwise: push commits (metadata read comes with every token). */
	static final String DEFAULT = "contents:write";

	RotationPermissions {
		needs = Collections.unmodifiableMap(new LinkedHashMap<>(needs));
	}

	/**
	 * @param asked the {@code --permission} values as {@link #asked(List)} read them, null when none was given
	 * @param declaredAt {@code FILE:LINE} of the repository's declaration, null without one
	 * @param declared the permissions that declaration lists (empty: none)
	 * @param recorded the record's permissions from the last rotation (empty: none)
	 * @throws UserFacingException for a recorded permission that is not {@code NAME:LEVEL}
	 */
	static RotationPermissions choose(Map<String, String> asked, String declaredAt, List<String> declared,
			List<String> recorded) {
		if (asked != null) {
			boolean overrides = declaredAt != null && !declared.isEmpty()
					&& !asked.equals(TokenPermissions.parse(declared));
			return new RotationPermissions(asked, "Permissions from --permission" + (overrides ? ", in place of "
					+ String.join(", ", declared) + " that " + declaredAt + " declares." : "."));
		}
		if (!declared.isEmpty()) {
			// The file was read with the same parser, so its permissions are known to be well formed.
			return new RotationPermissions(TokenPermissions.parse(declared), "Permissions from " + declaredAt + ".");
		}
		String none = declaredAt == null ? "" : " (" + declaredAt + " declares none)";
		if (!recorded.isEmpty()) {
			return new RotationPermissions(parse(recorded, "recorded permission"),
					"Permissions recorded at the last rotation" + none + ".");
		}
		return new RotationPermissions(TokenPermissions.parse(List.of(DEFAULT)), "Permissions: botkeeper's default, "
				+ DEFAULT + " (none recorded" + (declaredAt == null ? "" : ", none declared at " + declaredAt) + ").");
	}

	/** The {@code --permission} values, read before anything is contacted. */
	static Map<String, String> asked(List<String> texts) {
		return parse(texts, "--permission");
	}

	/** A record's permissions are Vault data that someone may have edited: refused as plainly as a flag. */
	private static Map<String, String> parse(List<String> texts, String what) {
		try {
			return TokenPermissions.parse(texts);
		}
		catch (IllegalArgumentException ex) {
			throw UserFacingException.badInput("Invalid " + what + " " + ex.getMessage() + "."
					+ (what.startsWith("--") ? "" : " Give the permissions with --permission NAME:LEVEL instead."));
		}
	}

}
