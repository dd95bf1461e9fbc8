package org.botkeeper.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * The broker's record of one binding (Vault {@code sync/OWNER/REPO}): what was last confirmed on
 * GitHub, and how the last attempt ended.
 *
 * <p>{@code owned} means botkeeper created or adopted the GitHub secret, so it may update it and,
 * with {@code --prune}, delete it. A blocked binding that was never written is recorded too (for
 * {@code status}), but not owned.
 *
 * <p>A write is recorded in two steps: an <em>intent</em> ({@code pendingVersion}) before the PUT, and
 * the <em>confirmation</em> ({@code pushedVersion}, GitHub's {@code updatedAt}) only after GitHub
 * answered 2xx. A crash in between leaves an intent, never a confirmation: no write that did not
 * happen is ever recorded, and the next run knows the secret is its own and pushes again.
 *
 * @param pushedVersion the KV version GitHub confirmed; 0 when none yet
 * @param githubUpdatedAt GitHub's {@code updated_at} of the secret right after that push
 * @param keyId the environment public key id the confirmed push was sealed with
 * @param pendingVersion a write that was started and not confirmed, if any
 */
public record LedgerEntry(Binding binding, boolean owned, long pushedVersion, Optional<Instant> githubUpdatedAt,
		Optional<String> keyId, Optional<Instant> syncedAt, Optional<Long> pendingVersion, Outcome outcome,
		Optional<String> lastError, Instant recordedAt) {

	public enum Outcome {

		SYNCED, FAILED, BLOCKED, PENDING

	}

	/** The record written just before a PUT: ownership claimed, nothing confirmed. */
	public static LedgerEntry intent(Binding binding, long version, Optional<LedgerEntry> previous, Instant now) {
		return previous
			.map(p -> new LedgerEntry(binding, true, p.pushedVersion, p.githubUpdatedAt, p.keyId, p.syncedAt,
					Optional.of(version), Outcome.PENDING, Optional.empty(), now))
			.orElse(new LedgerEntry(binding, true, 0, Optional.empty(), Optional.empty(), Optional.empty(),
					Optional.of(version), Outcome.PENDING, Optional.empty(), now));
	}

	/** The record written after GitHub confirmed the write of {@code version}. */
	public static LedgerEntry confirmed(Binding binding, long version, Instant githubUpdatedAt, String keyId,
			Instant now) {
		return new LedgerEntry(binding, true, version, Optional.of(githubUpdatedAt), Optional.of(keyId),
				Optional.of(now), Optional.empty(), Outcome.SYNCED, Optional.empty(), now);
	}

	/**
	 * How an attempt failed or why it was blocked; confirmed fields, ownership and any intent stay as
	 * they were. The error text is ours (it names the binding and the status), never a response body.
	 */
	public static LedgerEntry unsuccessful(Binding binding, Optional<LedgerEntry> previous, Outcome outcome,
			String error, Instant now) {
		return previous
			.map(p -> new LedgerEntry(binding, p.owned, p.pushedVersion, p.githubUpdatedAt, p.keyId, p.syncedAt,
					p.pendingVersion, outcome, Optional.of(error), now))
			.orElse(new LedgerEntry(binding, false, 0, Optional.empty(), Optional.empty(), Optional.empty(),
					Optional.empty(), outcome, Optional.of(error), now));
	}

}
