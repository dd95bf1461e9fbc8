package org.botkeeper.github;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last ETag and body of each GET, so the next read of the same URL is conditional
 * ({@code If-None-Match}); a 304 answer reuses the body and, as GitHub documents, costs no primary
 * rate-limit point (<a href="https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate">conditional
 * requests</a>). Bounded, least recently used first out.
 */
final class ConditionalCache {

	record Entry(String etag, String body) {

		@Override
		public String toString() {
			return "Entry[" + etag + "]";
		}

	}

	private final Map<URI, Entry> entries;

	ConditionalCache(int capacity) {
		this.entries = new LinkedHashMap<>(64, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(java.util.Map.Entry<URI, ConditionalCache.Entry> eldest) {
				return size() > capacity;
			}
		};
	}

	synchronized Entry get(URI uri) {
		return entries.get(uri);
	}

	synchronized void put(URI uri, String etag, String body) {
		if (etag == null || etag.isBlank()) {
			entries.remove(uri);
		}
		else {
			entries.put(uri, new Entry(etag, body));
		}
	}

	synchronized void forget(URI uri) {
		entries.remove(uri);
	}

}
