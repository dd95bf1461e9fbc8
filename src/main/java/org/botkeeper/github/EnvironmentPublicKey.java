package org.botkeeper.github;

/**
 * An environment's X25519 public key for sealing its secrets, and the id GitHub wants back with each
 * secret (<a href="https://docs.github.com/en/rest/actions/secrets#get-an-environment-public-key">get
 * an environment public key</a>). Each environment has its own: sealing with the repository's key
 * is accepted by GitHub and stores garbage.
 */
public record EnvironmentPublicKey(String keyId, String key) {
}
