package org.botkeeper.github;

/**
 * A secret GitHub confirmed storing: {@code created} for 201 (new), false for 204 (updated), the
 * environment key id it was sealed with (the environment's key right after the write), and whether the
 * key changed during the write, so that the value had to be sealed to the new key and written again.
 */
public record SecretWrite(boolean created, String keyId, boolean keyRefetched) {
}
