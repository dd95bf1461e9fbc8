package org.botkeeper.githubsim;

import java.util.List;
import java.util.Map;

/**
 * One request as the routes see it: method, decoded path segments, query, the caller's token (or
 * App id for a JWT) and the body.
 */
record SimExchange(String method, List<String> segments, Map<String, String> query, String caller, String body) {

	boolean is(String expectedMethod, String... pattern) {
		if (!method.equals(expectedMethod) || segments.size() != pattern.length) {
			return false;
		}
		for (int i = 0; i < pattern.length; i++) {
			if (!pattern[i].equals("*") && !pattern[i].equals(segments.get(i))) {
				return false;
			}
		}
		return true;
	}

	String segment(int index) {
		return segments.get(index);
	}

	@Override
	public String toString() {
		return method + " /" + String.join("/", segments);
	}

}
