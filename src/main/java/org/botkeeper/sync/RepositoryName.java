package org.botkeeper.sync;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code OWNER/REPO}, validated by GitHub's naming rules before any request is sent: an owner is 1 to
 * 39 alphanumerics or single hyphens, not starting or ending with one; a repository is 1 to 100 of
 * {@code [A-Za-z0-9._-]} and neither {@code .} nor {@code ..}.
 *
 * <p>GitHub treats names case-insensitively, so equality ignores case; {@link #toString()} keeps the
 * spelling given.
 */
public record RepositoryName(String owner, String repo) {

	private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}");

	private static final Pattern REPO = Pattern.compile("[A-Za-z0-9._-]{1,100}");

	public RepositoryName {
		if (owner == null || !OWNER.matcher(owner).matches()) {
			throw new InvalidNameException("Invalid repository owner '" + printable(owner) + "': use 1 to 39 letters, "
					+ "digits or single hyphens, not starting or ending with a hyphen.");
		}
		if (repo == null || !REPO.matcher(repo).matches() || repo.equals(".") || repo.equals("..")) {
			throw new InvalidNameException("Invalid repository name '" + printable(repo)
					+ "': use 1 to 100 letters, digits, '.', '-' or '_' (not '.' or '..').");
		}
	}

	/** Parses {@code OWNER/REPO}; the message of a failure says what form is expected. */
	public static RepositoryName parse(String text) {
		if (text == null || text.chars().filter(c -> c == '/').count() != 1) {
			throw new InvalidNameException("Invalid repository '" + printable(text) + "': expected OWNER/REPO, e.g. "
					+ "jupyterhub/binderhub.");
		}
		int slash = text.indexOf('/');
		return new RepositoryName(text.substring(0, slash), text.substring(slash + 1));
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof RepositoryName that && owner.equalsIgnoreCase(that.owner)
				&& repo.equalsIgnoreCase(that.repo);
	}

	@Override
	public int hashCode() {
		return toString().toLowerCase(Locale.ROOT).hashCode();
	}

	@Override
	public String toString() {
		return owner + "/" + repo;
	}

	/** Shows a rejected name safely: control characters escaped, length bounded. */
	static String printable(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder out = new StringBuilder();
		text.codePoints().limit(80).forEach(c -> {
			if (Character.isISOControl(c)) {
				out.append(String.format("\\u%04x", c));
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return text.length() > 80 ? out + "..." : out.toString();
	}

}
