package org.botkeeper.github;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

import org.botkeeper.config.ClearText;

/**
 * The GitHub REST API base URL: {@code https://api.github.com} by default,
 * {@code https://HOST/api/v3} for GitHub Enterprise Server, the simulator's loopback URL in tests.
 * Read from {@code GITHUB_API_URL}, the variable GitHub Actions itself sets
 * (<a href="https://docs.github.com/en/actions/reference/variables-reference">default variables</a>).
 * Plain {@code http://} is refused unless the host is this machine ({@link ClearText}): tokens travel here.
 */
public record GitHubApi(URI base) {

	public static final URI DEFAULT = URI.create("https://api.github.com");

	public GitHubApi {
		checked(base, "GITHUB_API_URL");
		String text = base.toString();
		base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
	}

	/**
	 * @throws IllegalArgumentException naming GITHUB_API_URL when {@code url} is not an http(s) URL, or is
	 *     plain http to another machine
	 */
	public static GitHubApi of(String url) {
		return of(url, "GITHUB_API_URL");
	}

	/**
	 * @param setting where {@code url} came from, named in the message ({@code --api-url})
	 * @throws IllegalArgumentException naming {@code setting} when {@code url} is not an http(s) URL, or is
	 *     plain http to another machine
	 */
	public static GitHubApi of(String url, String setting) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalArgumentException(setting + " must be an http(s) URL such as https://api.github.com, got '"
					+ url + "' (" + ex.getReason() + ").");
		}
		return new GitHubApi(checked(uri, setting));
	}

	private static URI checked(URI base, String setting) {
		String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("https") && !scheme.equals("http") || base.getHost() == null) {
			throw new IllegalArgumentException(setting + " must be an http(s) URL such as https://api.github.com, got '"
					+ base + "'.");
		}
		if (!ClearText.allowed(base)) {
			throw new IllegalArgumentException(ClearText.refusal(setting, base));
		}
		return base;
	}

	/** {@code GITHUB_API_URL} from {@code environment} when set and not blank, else api.github.com. */
	public static GitHubApi fromEnvironment(Map<String, String> environment) {
		String url = environment.get("GITHUB_API_URL");
		return url == null || url.isBlank() ? new GitHubApi(DEFAULT) : of(url.strip());
	}

	/** The absolute URI of an already-encoded API path such as {@code /repos/o/r}. */
	public URI resolve(String encodedPath) {
		return URI.create(base + encodedPath);
	}

	/** True when {@code uri} has this API's scheme, host and port (where credentials may go). */
	public boolean isSameOrigin(URI uri) {
		return uri.getScheme() != null && uri.getScheme().equalsIgnoreCase(base.getScheme()) && uri.getHost() != null
				&& uri.getHost().equalsIgnoreCase(base.getHost()) && port(uri) == port(base);
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	@Override
	public String toString() {
		return base.toString();
	}

}
