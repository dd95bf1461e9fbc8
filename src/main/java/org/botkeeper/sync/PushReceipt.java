package org.botkeeper.sync;

import java.time.Instant;

/**
 * GitHub's confirmation of a secret write: its {@code updated_at}, the key id it was sealed with, and
 * the ETags of the answers that showed them, when they were seen with exactly these values.
 */
public record PushReceipt(Instant updatedAt, String keyId, Validators validators) {

	public PushReceipt(Instant updatedAt, String keyId) {
		this(updatedAt, keyId, Validators.NONE);
	}

}
