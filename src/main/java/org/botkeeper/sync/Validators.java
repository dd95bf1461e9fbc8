package org.botkeeper.sync;

import java.util.Optional;

/**
 * GitHub's ETags for what was seen of one binding, kept in its ledger record so that a process with an
 * empty cache (a CLI run, a cron job) can still ask GitHub "unchanged?": a 304 costs no primary
 * rate-limit point. Each is valid only together with the value of the same answer: {@code secret} with
 * the secret's {@code updated_at} it showed, {@code key} with the environment key id it showed; one that
 * cannot be paired so is left empty. Opaque here: only GitHub's adapter sends them.
 */
public record Validators(Optional<String> secret, Optional<String> key) {

	public static final Validators NONE = new Validators(Optional.empty(), Optional.empty());

	public Validators {
		if (secret == null || key == null) {
			throw new IllegalArgumentException("secret and key are required (maybe empty)");
		}
		secret = secret.filter(etag -> !etag.isBlank());
		key = key.filter(etag -> !etag.isBlank());
	}

}
