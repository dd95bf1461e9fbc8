package org.botkeeper.github;

/**
 * The X25519 public key one {@link SecretScope} seals its secrets with, and the id GitHub wants back
 * with each secret (<a href="https://docs.github.com/en/rest/actions/secrets#get-an-environment-public-key">get
 * an environment public key</a>, and the like for a repository, Dependabot or an organisation). Every
 * scope has its own: a box sealed with another scope's key is accepted by GitHub and stores garbage.
 */
public record SecretsPublicKey(String keyId, String key) {
}
