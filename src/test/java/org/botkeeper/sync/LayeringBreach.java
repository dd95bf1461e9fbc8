package org.botkeeper.sync;

/**
 * Breaks the layering on purpose (sync reaching for an HTTP client), so that ArchitectureTests can
 * show its rule reports a breach. Test sources only; never part of botkeeper.
 */
public final class LayeringBreach {

	java.net.http.HttpClient client() {
		return java.net.http.HttpClient.newHttpClient();
	}

}
