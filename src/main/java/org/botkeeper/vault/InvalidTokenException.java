package org.botkeeper.vault;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;

/**
 * Vault refused the token itself (invalid or expired), not one path: every further call would get
 * the same 403, so a sync run stops at once instead of failing item after item.
 */
final class InvalidTokenException extends UserFacingException {

	InvalidTokenException(String message, RuntimeException cause) {
		super(ExitCodes.REMOTE_FAILURE, message, cause);
	}

}
