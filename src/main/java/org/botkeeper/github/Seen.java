package org.botkeeper.github;

import java.util.Optional;

/**
 * A value GitHub showed and the ETag of the answer that showed it: sent back later as
 * {@code If-None-Match}, a 304 to it means the value still holds.
 */
public record Seen<T>(T value, Optional<String> etag) {

	public Seen {
		if (value == null || etag == null) {
			throw new IllegalArgumentException("value and etag are required (etag maybe empty)");
		}
	}

}
