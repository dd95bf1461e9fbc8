package org.botkeeper.sync;

/**
 * Breaks the layering on purpose (sync reaching for an HTTP client, and for serve, which uses sync: a
 * cycle), so that ArchitectureTests can show its rules report a breach. Test sources only; never part of
 * botkeeper.
 */
public final class LayeringBreach {

	java.net.http.HttpClient client() {
		return java.net.http.HttpClient.newHttpClient();
	}

	Object serve() {
		return new org.botkeeper.serve.LayeringBreach();
	}

}
