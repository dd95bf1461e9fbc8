package org.botkeeper.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The permissions a fine-grained token is made with, written {@code NAME:LEVEL} with GitHub's parameter
 * name (e.g. {@code contents:write}, {@code pull_requests:write}): one reading for {@code token rotate
 * --permission}, the record's {@code patPermissions} and a bindings file's {@code permissions}, so that
 * what a file declares is what the token form can be filled in with.
 *
 * @see <a href="https://docs.github.com/en/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens">Permissions
 * required for fine-grained personal access tokens</a>
 */
public final class TokenPermissions {

	private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

	private static final List<String> LEVELS = List.of("read", "write", "admin");

	private TokenPermissions() {
	}

	/**
	 * Parses {@code NAME:LEVEL} permissions, lower-cased; a name given twice keeps its last level.
	 *
	 * @return permission name to level, in the order given
	 * @throws InvalidNameException naming the first one that is not of that form
	 */
	public static Map<String, String> parse(List<String> texts) {
		Map<String, String> parsed = new LinkedHashMap<>();
		for (String text : texts) {
			String[] parts = text.strip().toLowerCase(Locale.ROOT).split(":", -1);
			if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !LEVELS.contains(parts[1])) {
				throw new InvalidNameException("'" + text + "' is not a permission: use NAME:LEVEL with GitHub's "
						+ "parameter name and read, write or admin, e.g. contents:write");
			}
			parsed.put(parts[0], parts[1]);
		}
		return parsed;
	}

	/** The permissions as {@link #parse(List)} reads them back: {@code NAME:LEVEL} each. */
	public static List<String> texts(Map<String, String> permissions) {
		List<String> texts = new ArrayList<>();
		permissions.forEach((permission, level) -> texts.add(permission + ":" + level));
		return texts;
	}

}
