package org.botkeeper.sync;

import java.time.Instant;

/** GitHub's confirmation of a secret write: its {@code updated_at} and the key id it was sealed with. */
public record PushReceipt(Instant updatedAt, String keyId) {

}
