package org.botkeeper.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The 2FA code comes from Vault, so a wrong local clock does not make it wrong; but it does make the
 * "valid for N seconds" line wrong, and it usually means this machine's time is off elsewhere too.
 * More than 15 seconds apart (half a TOTP step) is worth a warning.
 */
final class ClockSkew {

	static final Duration TOLERANCE = Duration.ofSeconds(15);

	private ClockSkew() {
	}

	static Optional<String> warning(Instant local, Instant server) {
		Duration skew = Duration.between(server, local);
		if (skew.abs().compareTo(TOLERANCE) <= 0) {
			return Optional.empty();
		}
		return Optional.of("Warning: this machine's clock is " + skew.abs().toSeconds() + " s "
				+ (skew.isNegative() ? "behind" : "ahead of") + " Vault's (its Date header). The code above is Vault's "
				+ "and right, but the seconds left shown here are not. Fix this machine's time (NTP).");
	}

}
