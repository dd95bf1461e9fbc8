package org.botkeeper.githubsim;

import java.util.LinkedHashMap;
import java.util.Map;

/** An answer the simulator sends: status, extra headers, JSON body (or none). */
record SimResponse(int status, Map<String, String> headers, String body) {

	static SimResponse json(int status, String body) {
		return new SimResponse(status, new LinkedHashMap<>(), body);
	}

	static SimResponse empty(int status) {
		return new SimResponse(status, new LinkedHashMap<>(), null);
	}

	/** GitHub's error shape: {@code message}, {@code documentation_url}, {@code status}. */
	static SimResponse error(int status, String message) {
		return json(status, SimJson.error(status, message));
	}

	static SimResponse notFound() {
		return error(404, "Not Found");
	}

	SimResponse header(String name, String value) {
		headers.put(name, value);
		return this;
	}

}
