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

	/** What a connection holds before it knows how many bindings it serves. */
	static final int MIN_CAPACITY = 1_000;

	/**
	 * The URLs a sync reads per binding: the secret, the environment's public key and the environment
	 * (read before each write). A cache smaller than that would let the next run's reads of one binding
	 * push out another's, and find almost nothing.
	 */
	static final int URLS_PER_BINDING = 3;

	private final Map<URI, Entry> entries;

	private int capacity;

	ConditionalCache(int capacity) {
		this.capacity = capacity;
		this.entries = new LinkedHashMap<>(64, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(java.util.Map.Entry<URI, ConditionalCache.Entry> eldest) {
				return size() > ConditionalCache.this.capacity;
			}
		};
	}

	/** Room for every URL a sync of {@code bindings} reads; never shrinks (a narrowed plan reads a few). */
	synchronized void holdFor(int bindings) {
		capacity = Math.max(capacity, (int) Math.min(Integer.MAX_VALUE, (long) URLS_PER_BINDING * bindings));
	}

	synchronized int capacity() {
		return capacity;
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
