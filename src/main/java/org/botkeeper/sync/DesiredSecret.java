package org.botkeeper.sync;

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
 */
public record DesiredSecret(Binding binding, long version, boolean hasValue, Optional<Instant> expiresAt,
		boolean revoked) {

	public DesiredSecret {
		if (binding == null || expiresAt == null) {
			throw new IllegalArgumentException("binding and expiresAt (maybe empty) are required");
		}
	}

	public static DesiredSecret of(Binding binding, long version) {
		return new DesiredSecret(binding, version, true, Optional.empty(), false);
	}

	public boolean expiredAt(Instant now) {
		return expiresAt.map(expiry -> !expiry.isAfter(now)).orElse(false);
	}

}
