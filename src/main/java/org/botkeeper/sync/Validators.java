package org.botkeeper.sync;

import java.util.Optional;

/**
 * GitHub's ETag for what was seen of one binding's secret, kept in its ledger record so that a process
 * with an empty cache (a CLI run, a cron job) can still ask GitHub "unchanged?": a 304 costs no primary
 * rate-limit point. Valid only together with the secret's {@code updated_at} of the same answer; one
 * that cannot be paired so is left empty. Opaque here: only GitHub's adapter sends it.
 */
public record Validators(Optional<String> secret) {

	public static final Validators NONE = new Validators(Optional.empty());

	public Validators {
		if (secret == null) {
			throw new IllegalArgumentException("secret is required (maybe empty)");
		}
		secret = secret.filter(etag -> !etag.isBlank());
	}

}
