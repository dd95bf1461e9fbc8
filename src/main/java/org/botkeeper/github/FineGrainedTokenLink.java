package org.botkeeper.github;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The link to GitHub's form for a new fine-grained personal access token, filled in with its name,
 * description, resource owner, lifetime and permissions, as GitHub documents in
 * <a href="https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens#pre-filling-fine-grained-personal-access-token-details-using-url-parameters">Pre-filling
 * fine-grained personal access token details using URL parameters</a>: {@code name} (at most 40
 * characters), {@code description} (at most 1024), {@code target_name} (the owner), {@code expires_in}
 * (1 to 366 days) and one {@code PERMISSION=LEVEL} parameter per permission. GitHub documents no
 * parameter that selects repositories, so the person picks the repository in the form.
 *
 * @param owner the user or organisation that owns the repositories ({@code target_name})
 * @param permissions permission name to level ({@code read}, {@code write}, {@code admin}), in order
 */
public record FineGrainedTokenLink(String name, String description, String owner, int expiresInDays,
		Map<String, String> permissions) {

	/** Where GitHub's form is; the link adds the query. */
	public static final String FORM = "https://github.com/settings/personal-access-tokens/new";

	/** Where the person deletes a token they no longer need. */
	public static final String TOKENS_PAGE = "https://github.com/settings/personal-access-tokens";

	public static final int NAME_LIMIT = 40;

	static final int DESCRIPTION_LIMIT = 1024;

	private static final Pattern PERMISSION = Pattern.compile("[a-z][a-z0-9_]*");

	private static final List<String> LEVELS = List.of("read", "write", "admin");

	public FineGrainedTokenLink {
		if (name.length() > NAME_LIMIT) {
			throw new IllegalArgumentException("GitHub takes a token name of at most " + NAME_LIMIT + " characters");
		}
		if (description.length() > DESCRIPTION_LIMIT) {
			throw new IllegalArgumentException(
					"GitHub takes a token description of at most " + DESCRIPTION_LIMIT + " characters");
		}
		if (expiresInDays < 1 || expiresInDays > 366) {
			throw new IllegalArgumentException("GitHub takes a token lifetime of 1 to 366 days");
		}
		permissions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(permissions));
	}

	/**
	 * Parses {@code NAME:LEVEL} permissions (GitHub's parameter names, e.g. {@code contents:write},
	 * {@code pull_requests:write}); a name given twice keeps its last level.
	 *
	 * @throws IllegalArgumentException naming the first one that is not of that form
	 */
	public static Map<String, String> permissions(List<String> texts) {
		Map<String, String> parsed = new LinkedHashMap<>();
		for (String text : texts) {
			String[] parts = text.strip().toLowerCase(Locale.ROOT).split(":", -1);
			if (parts.length != 2 || !PERMISSION.matcher(parts[0]).matches() || !LEVELS.contains(parts[1])) {
				throw new IllegalArgumentException("'" + text + "' is not a permission: use NAME:LEVEL with GitHub's "
						+ "parameter name and read, write or admin, e.g. contents:write");
			}
			parsed.put(parts[0], parts[1]);
		}
		return parsed;
	}

	/** The permissions as {@link #permissions(List)} reads them back: {@code NAME:LEVEL} each. */
	public static List<String> texts(Map<String, String> permissions) {
		List<String> texts = new ArrayList<>();
		permissions.forEach((permission, level) -> texts.add(permission + ":" + level));
		return texts;
	}

	/** The link, every value URL-encoded. */
	public String url() {
		StringBuilder url = new StringBuilder(FORM);
		url.append("?name=").append(encode(name));
		url.append("&description=").append(encode(description));
		url.append("&target_name=").append(encode(owner));
		url.append("&expires_in=").append(expiresInDays);
		permissions.forEach((permission, level) -> url.append('&').append(encode(permission)).append('=').append(level));
		return url.toString();
	}

	/** GitHub's own examples encode a space as {@code +} (form encoding), which URLEncoder writes. */
	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
