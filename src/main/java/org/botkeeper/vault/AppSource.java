package org.botkeeper.vault;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.botkeeper.failure.UserFacingException;

/**
 * A binding whose secret is minted, not stored: the record's value is a GitHub App's private key,
 * and the broker mints an installation token for that one repository with these permissions, again
 * every {@code refresh} (installation tokens live one hour). Kept with the key in the token record's
 * data (see {@link TokenRecord}) as {@code app_id}, {@code installation_id}, {@code app_permissions}
 * ({@code contents=read,pull_requests=write}; absent: the {@link AppCeiling}'s) and {@code app_refresh}
 * ({@code PT30M}).
 *
 * @see <a href="https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app">create
 *      an installation access token</a>
 */
public record AppSource(long appId, long installationId, Map<String, String> permissions, Duration refresh) {

	public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(30);

	static final String APP_ID = "app_id";

	static final String INSTALLATION_ID = "installation_id";

	static final String PERMISSIONS = "app_permissions";

	static final String REFRESH = "app_refresh";

	private static final Pattern PERMISSION = Pattern.compile("[a-z_]{1,60}=(read|write|admin)");

	public AppSource {
		if (appId <= 0 || installationId <= 0) {
			throw UserFacingException.badInput("GitHub App and installation ids are positive numbers.");
		}
		if (refresh.isNegative() || refresh.isZero() || refresh.compareTo(Duration.ofMinutes(55)) > 0) {
			throw UserFacingException.badInput("The App token refresh must be between 1 second and 55 minutes "
					+ "(installation tokens live one hour), got " + refresh + ".");
		}
		permissions = Map.copyOf(new TreeMap<>(permissions));
	}

	/** Parses {@code contents=read,pull_requests=write}; the empty text means "as the ceiling allows". */
	public static Map<String, String> permissions(String text) {
		Map<String, String> permissions = new TreeMap<>();
		if (text == null || text.isBlank()) {
			return permissions;
		}
		for (String entry : text.split(",")) {
			String item = entry.strip();
			if (!PERMISSION.matcher(item).matches()) {
				throw UserFacingException.badInput("Invalid App permission '" + item + "': use NAME=read|write|admin, "
						+ "e.g. contents=read.");
			}
			permissions.put(item.substring(0, item.indexOf('=')), item.substring(item.indexOf('=') + 1));
		}
		return permissions;
	}

	static AppSource from(Map<String, String> custom) {
		if (!custom.containsKey(APP_ID) || !custom.containsKey(INSTALLATION_ID)) {
			return null;
		}
		try {
			return new AppSource(Long.parseLong(custom.get(APP_ID)), Long.parseLong(custom.get(INSTALLATION_ID)),
					permissions(custom.get(PERMISSIONS)),
					custom.get(REFRESH) == null ? DEFAULT_REFRESH : Duration.parse(custom.get(REFRESH)));
		}
		catch (RuntimeException ex) {
			return null; // written by hand in another shape: treated as a plain token record
		}
	}

	void write(Map<String, String> custom) {
		custom.put(APP_ID, Long.toString(appId));
		custom.put(INSTALLATION_ID, Long.toString(installationId));
		if (!permissions.isEmpty()) {
			// Vault refuses empty custom_metadata values; absent means the ceiling's permissions.
			custom.put(PERMISSIONS, text(permissions));
		}
		custom.put(REFRESH, refresh.toString());
	}

	/** {@code contents=read,pull_requests=write}, sorted. */
	static String text(Map<String, String> permissions) {
		return String.join(",",
				new TreeMap<>(permissions).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
	}

}
