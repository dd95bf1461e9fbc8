package org.botkeeper.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * @param retired earlier targets of this repository's binding (another environment or secret name)
 *        where botkeeper still owns a secret: shown in the plan, deleted by {@code --prune}
 * @param validators GitHub's ETags of the answers that showed {@code githubUpdatedAt} and {@code keyId}
 *        (each kept only with its own value), so that a fresh process reads both conditionally
 */
public record LedgerEntry(Binding binding, boolean owned, long pushedVersion, Optional<Instant> githubUpdatedAt,
		Optional<String> keyId, Optional<Instant> syncedAt, Optional<Long> pendingVersion, Outcome outcome,
		Optional<String> lastError, Instant recordedAt, List<Binding> retired, Validators validators) {

	public enum Outcome {

		SYNCED, FAILED, BLOCKED, PENDING

	}

	public LedgerEntry {
		retired = List.copyOf(retired);
		if (validators == null) {
			throw new IllegalArgumentException("validators are required (maybe Validators.NONE)");
		}
		// An ETag without the value it vouches for would answer a 304 with nothing.
		validators = new Validators(githubUpdatedAt.isPresent() ? validators.secret() : Optional.empty());
	}

	public LedgerEntry(Binding binding, boolean owned, long pushedVersion, Optional<Instant> githubUpdatedAt,
			Optional<String> keyId, Optional<Instant> syncedAt, Optional<Long> pendingVersion, Outcome outcome,
			Optional<String> lastError, Instant recordedAt, List<Binding> retired) {
		this(binding, owned, pushedVersion, githubUpdatedAt, keyId, syncedAt, pendingVersion, outcome, lastError,
				recordedAt, retired, Validators.NONE);
	}

	public LedgerEntry(Binding binding, boolean owned, long pushedVersion, Optional<Instant> githubUpdatedAt,
			Optional<String> keyId, Optional<Instant> syncedAt, Optional<Long> pendingVersion, Outcome outcome,
			Optional<String> lastError, Instant recordedAt) {
		this(binding, owned, pushedVersion, githubUpdatedAt, keyId, syncedAt, pendingVersion, outcome, lastError,
				recordedAt, List.of());
	}

	/**
	 * The record {@code ledger} holds for {@code binding}'s repository, if it is about that very binding
	 * (a record of another environment or secret name of the same repository says nothing about this one).
	 */
	public static Optional<LedgerEntry> recordedFor(Map<RepositoryName, LedgerEntry> ledger, Binding binding) {
		return Optional.ofNullable(ledger.get(binding.repository())).filter(entry -> entry.binding().equals(binding));
	}

	/**
	 * The record written just before a PUT: ownership claimed, nothing confirmed.
	 *
	 * @param stored the repository's record as it is now, whatever binding it describes: when the
	 *        binding moved (new environment or secret name), the old target is kept in {@link #retired}
	 */
	public static LedgerEntry intent(Binding binding, long version, Optional<LedgerEntry> stored, Instant now) {
		Optional<LedgerEntry> same = stored.filter(p -> p.binding.equals(binding));
		return same
			.map(p -> new LedgerEntry(binding, true, p.pushedVersion, p.githubUpdatedAt, p.keyId, p.syncedAt,
					Optional.of(version), Outcome.PENDING, Optional.empty(), now, p.retired, p.validators))
			.orElse(new LedgerEntry(binding, true, 0, Optional.empty(), Optional.empty(), Optional.empty(),
					Optional.of(version), Outcome.PENDING, Optional.empty(), now, carried(binding, stored)));
	}

	/** The record written after GitHub confirmed the write of {@code version}; retired targets stay. */
	public static LedgerEntry confirmed(Binding binding, long version, PushReceipt receipt, Optional<LedgerEntry> stored,
			Instant now) {
		return new LedgerEntry(binding, true, version, Optional.of(receipt.updatedAt()), Optional.of(receipt.keyId()),
				Optional.of(now), Optional.empty(), Outcome.SYNCED, Optional.empty(), now, carried(binding, stored),
				receipt.validators());
	}

	/** {@link #confirmed(Binding, long, PushReceipt, Optional, Instant)} for a repository with no record. */
	public static LedgerEntry confirmed(Binding binding, long version, Instant githubUpdatedAt, String keyId,
			Instant now) {
		return confirmed(binding, version, new PushReceipt(githubUpdatedAt, keyId), Optional.empty(), now);
	}

	/**
	 * This record with the ETags of a plan's reads that showed exactly the values it records, for the
	 * values that have none yet (a record from before ETags were kept); the record itself when there is
	 * nothing to add. An ETag already kept is never replaced here: GitHub's ETags differ per token, so a
	 * GitHub App's hourly token would otherwise rewrite every record every hour.
	 */
	public LedgerEntry withValidators(Observation seen) {
		Validators filled = new Validators(validators.secret().or(() -> seen.validators().secret()
			.filter(etag -> githubUpdatedAt.isPresent() && seen.secretUpdatedAt().equals(githubUpdatedAt))));
		return filled.equals(validators) ? this
				: new LedgerEntry(binding, owned, pushedVersion, githubUpdatedAt, keyId, syncedAt, pendingVersion,
						outcome, lastError, recordedAt, retired, filled);
	}

	/**
	 * How an attempt failed or why it was blocked; confirmed fields, ownership and any intent stay as
	 * they were (and an owned earlier target is retired, never forgotten). The error text is ours (it
	 * names the binding and the status), never a response body.
	 */
	public static LedgerEntry unsuccessful(Binding binding, Optional<LedgerEntry> stored, Outcome outcome,
			String error, Instant now) {
		return stored.filter(p -> p.binding.equals(binding))
			.map(p -> new LedgerEntry(binding, p.owned, p.pushedVersion, p.githubUpdatedAt, p.keyId, p.syncedAt,
					p.pendingVersion, outcome, Optional.of(error), now, p.retired, p.validators))
			.orElse(new LedgerEntry(binding, false, 0, Optional.empty(), Optional.empty(), Optional.empty(),
					Optional.empty(), outcome, Optional.of(error), now, carried(binding, stored)));
	}

	/**
	 * This record once the secret at {@code deleted} is gone: a retired target is dropped; the current
	 * one is no longer owned. Empty when nothing is left worth keeping.
	 */
	public Optional<LedgerEntry> without(Binding deleted, Instant now) {
		List<Binding> left = retired.stream().filter(b -> !b.equals(deleted)).toList();
		boolean stillOwned = owned && !binding.equals(deleted);
		if (!stillOwned && left.isEmpty()) {
			return Optional.empty();
		}
		if (stillOwned) {
			return Optional.of(new LedgerEntry(binding, true, pushedVersion, githubUpdatedAt, keyId, syncedAt,
					pendingVersion, outcome, lastError, now, left, validators));
		}
		return Optional.of(new LedgerEntry(binding, false, 0, Optional.empty(), Optional.empty(), Optional.empty(),
				Optional.empty(), outcome, lastError, now, left));
	}

	/** True when the secret at {@code target} is botkeeper's: the current owned target or a retired one. */
	public boolean owns(Binding target) {
		return (owned && binding.equals(target)) || retired.contains(target);
	}

	/** The retired targets a record for {@code binding} keeps: the stored ones, plus an owned old target. */
	private static List<Binding> carried(Binding binding, Optional<LedgerEntry> stored) {
		List<Binding> carried = new ArrayList<>();
		stored.ifPresent(p -> {
			carried.addAll(p.retired);
			if (p.owned && !p.binding.equals(binding) && !carried.contains(p.binding)) {
				carried.add(p.binding);
			}
		});
		carried.remove(binding);
		return carried;
	}

}
