package org.botkeeper.github;

/**
 * A secret GitHub confirmed storing: {@code created} for 201 (new), false for 204 (updated), the
 * environment key id it was sealed with, and whether a rotated key had to be fetched again first.
 */
public record SecretWrite(boolean created, String keyId, boolean keyRefetched) {
}
