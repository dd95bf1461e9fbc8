package org.botkeeper.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What Vault says one binding should hold: the latest version of its token record and the metadata
 * the planner needs. Never the value: the applier reads that, for exactly this version, only when it
 * pushes.
 *
 * @param version the KV v2 version of the token record
 * @param hasValue false when the latest version has no token (deleted or destroyed in Vault)
 * @param expiresAt the token's expiry, from Vault metadata or from GitHub's own report
 * @param revoked GitHub answered 401 to the token itself ({@code token check}); pushing it is pointless
 * @param refreshEvery for short-lived values minted at push time (GitHub App installation tokens): push
 *        again when the last confirmed push is this old, even though the version did not change
 * @param refused why the source itself will not let this version be pushed (not a GitHub token, an App
 *        asking for more than its ceiling, ...), if it will not
 * @param legacyLayout the record still keeps its binding where others may edit it (an earlier layout):
 *        the plan lists such records so they are rewritten
 * @param failure why this one record could not be read (the source's message, naming it), if it could
 *        not; then {@code binding} is only the name it is shown under, and nothing else here is known
 * @param oidcDelivered the operator marked the binding as delivered by OIDC ({@code oidc enable
 *        --remove-secret}) for this very environment: its workflows read the token from Vault, so the
 *        environment secret botkeeper owns is deleted and never created again
 */
public record DesiredSecret(Binding binding, long version, boolean hasValue, Optional<Instant> expiresAt,
		boolean revoked, Optional<Duration> refreshEvery, Optional<Reason> refused, boolean legacyLayout,
		Optional<String> failure, boolean oidcDelivered) {

	public DesiredSecret {
		if (binding == null || expiresAt == null || refreshEvery == null || refused == null || failure == null) {
			throw new IllegalArgumentException(
					"binding, expiresAt, refreshEvery, refused and failure (maybe empty) are required");
		}
	}

	public DesiredSecret(Binding binding, long version, boolean hasValue, Optional<Instant> expiresAt,
			boolean revoked, Optional<Duration> refreshEvery, Optional<Reason> refused, boolean legacyLayout) {
		this(binding, version, hasValue, expiresAt, revoked, refreshEvery, refused, legacyLayout, Optional.empty());
	}

	public DesiredSecret(Binding binding, long version, boolean hasValue, Optional<Instant> expiresAt,
			boolean revoked, Optional<Duration> refreshEvery, Optional<Reason> refused, boolean legacyLayout,
			Optional<String> failure) {
		this(binding, version, hasValue, expiresAt, revoked, refreshEvery, refused, legacyLayout, failure, false);
	}

	/** The same secret, delivered by OIDC: the GitHub environment secret is deleted, not pushed. */
	public DesiredSecret deliveredByOidc() {
		return new DesiredSecret(binding, version, hasValue, expiresAt, revoked, refreshEvery, refused, legacyLayout,
				failure, true);
	}

	/**
	 * A record that could not be read this time: planned as FAILED under {@code shownAs} (the binding
	 * its metadata shows, or the default one), never taken for a binding removed from Vault.
	 */
	public static DesiredSecret unreadable(Binding shownAs, String message) {
		return new DesiredSecret(shownAs, 0, false, Optional.empty(), false, Optional.empty(), Optional.empty(), false,
				Optional.of(message));
	}

	/**
	 * True when the binding was read from the value's own version. When it was not (the record failed,
	 * could not be read, or is not a valid binding), the shown binding may not be where the value goes,
	 * so nothing is pruned on its account.
	 */
	public boolean bindingKnown() {
		return failure.isEmpty()
				&& !refused.filter(reason -> reason == Reason.RECORD_UNREADABLE || reason == Reason.RECORD_INVALID)
					.isPresent();
	}

	public DesiredSecret(Binding binding, long version, boolean hasValue, Optional<Instant> expiresAt,
			boolean revoked, Optional<Duration> refreshEvery) {
		this(binding, version, hasValue, expiresAt, revoked, refreshEvery, Optional.empty(), false);
	}

	/** The same secret, refused for {@code reason}. */
	public DesiredSecret refusedBecause(Reason reason) {
		return new DesiredSecret(binding, version, hasValue, expiresAt, revoked, refreshEvery, Optional.of(reason),
				legacyLayout, failure, oidcDelivered);
	}

	public DesiredSecret(Binding binding, long version, boolean hasValue, Optional<Instant> expiresAt,
			boolean revoked) {
		this(binding, version, hasValue, expiresAt, revoked, Optional.empty());
	}

	public static DesiredSecret of(Binding binding, long version) {
		return new DesiredSecret(binding, version, true, Optional.empty(), false);
	}

	/** True when a minted value was last confirmed on GitHub {@link #refreshEvery} ago or longer. */
	public boolean refreshDue(Optional<Instant> lastPushed, Instant now) {
		return refreshEvery.map(every -> lastPushed.map(at -> !at.plus(every).isAfter(now)).orElse(true)).orElse(false);
	}

	public boolean expiredAt(Instant now) {
		return expiresAt.map(expiry -> !expiry.isAfter(now)).orElse(false);
	}

}
