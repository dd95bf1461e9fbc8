package org.botkeeper.github;

import java.util.Optional;

/**
 * A secret GitHub confirmed storing: {@code created} for 201 (new), false for 204 (updated), the
 * environment key id it was sealed with, and whether the key changed during the write, so that the
 * value had to be sealed to the new key and written again. {@code keyEtag} is the ETag of the key read
 * after the write that showed {@code keyId}; empty when that read showed another key.
 */
public record SecretWrite(boolean created, String keyId, boolean keyRefetched, Optional<String> keyEtag) {
}
