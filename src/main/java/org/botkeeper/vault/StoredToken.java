package org.botkeeper.vault;

import org.botkeeper.crypto.SecretValue;

/**
 * A token value with the record it belongs to; the value is exactly version {@code record.version()}.
 * Close it to zero the value.
 */
public record StoredToken(TokenRecord record, SecretValue value) implements AutoCloseable {

	@Override
	public void close() {
		value.close();
	}

}
