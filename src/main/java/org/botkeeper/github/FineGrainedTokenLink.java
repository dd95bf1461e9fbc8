package org.botkeeper.github;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * @param permissions permission name to level ({@code read}, {@code write}, {@code admin}), in order, as
 *        {@link org.botkeeper.sync.TokenPermissions#parse} reads them
 */
public record FineGrainedTokenLink(String name, String description, String owner, int expiresInDays,
		Map<String, String> permissions) {

	/** Where GitHub's form is; the link adds the query. */
	public static final String FORM = "https://github.com/settings/personal-access-tokens/new";

	/** Where the person deletes a token they no longer need. */
	public static final String TOKENS_PAGE = "https://github.com/settings/personal-access-tokens";

	public static final int NAME_LIMIT = 40;

	static final int DESCRIPTION_LIMIT = 1024;

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
