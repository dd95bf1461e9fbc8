package org.botkeeper.github;

import java.time.Instant;

import org.botkeeper.sync.SecretName;

/**
 * What GitHub tells about a stored secret: never its value, so drift is decided from
 * {@code updatedAt} (<a href="https://docs.github.com/en/rest/actions/secrets#get-an-environment-secret">get
 * an environment secret</a>).
 */
public record SecretMetadata(SecretName name, Instant createdAt, Instant updatedAt) {
}
