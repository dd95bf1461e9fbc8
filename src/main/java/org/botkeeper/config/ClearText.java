package org.botkeeper.config;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where botkeeper may talk plain {@code http}: only to this machine. Vault tokens, GitHub tokens and the
 * secrets themselves travel on these connections, so {@code http://} is refused unless the host is a
 * loopback address written as such ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}). Names are not
 * resolved: the decision is made before anything is sent, and a DNS answer cannot turn it.
 */
public final class ClearText {

	private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

	private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]*:[0-9a-f:.]*]");

	private ClearText() {
	}

	/** True for {@code https}, and for {@code http} to a loopback host; false for anything else. */
	public static boolean allowed(URI uri) {
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		return scheme.equals("https") || (scheme.equals("http") && isLoopback(uri.getHost()));
	}

	/** True when {@code host} (as a URI spells it, IPv6 in brackets) is a loopback address or localhost. */
	public static boolean isLoopback(String host) {
		if (host == null || host.isEmpty()) {
			return false;
		}
		String name = host.toLowerCase(Locale.ROOT);
		if (name.equals("localhost")) {
			return true;
		}
		var ipv4 = IPV4.matcher(name);
		if (ipv4.matches()) {
			for (int group = 1; group <= 4; group++) {
				if (Integer.parseInt(ipv4.group(group)) > 255) {
					return false;
				}
			}
			return ipv4.group(1).equals("127");
		}
		if (IPV6.matcher(name).matches()) {
			// An IPv6 literal (hex digits and colons only, so parsing it never asks DNS): ::1 is loopback.
			try {
				return java.net.InetAddress.getByName(name.substring(1, name.length() - 1)).isLoopbackAddress();
			}
			catch (java.net.UnknownHostException ex) {
				return false;
			}
		}
		return false;
	}

	/**
	 * The one-line refusal for {@code uri} given as {@code setting} (an environment variable, property or
	 * option name): what is wrong and what to write instead.
	 */
	public static String refusal(String setting, URI uri) {
		return setting + " is " + display(uri) + ": plain http to a host other than this machine would send tokens "
				+ "and secrets unencrypted. Use https://, or http:// only to 127.0.0.1, ::1 or localhost.";
	}

	/** {@code uri} without user info, query or fragment, so a message never repeats a credential in a URL. */
	public static String display(URI uri) {
		StringBuilder text = new StringBuilder();
		text.append(uri.getScheme()).append("://").append(uri.getHost());
		if (uri.getPort() != -1) {
			text.append(':').append(uri.getPort());
		}
		if (uri.getRawPath() != null) {
			text.append(uri.getRawPath());
		}
		return text.toString();
	}

}
