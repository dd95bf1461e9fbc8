package org.botkeeper.vault;

import org.botkeeper.crypto.SecretValue;

/**
 * The credential botkeeper writes GitHub environment secrets with: a GitHub App installed on the org
 * (preferred: short-lived installation tokens are minted per run) or an admin personal access token.
 * {@code toString()} never shows the key or the token.
 */
public sealed interface WriterCredential extends AutoCloseable {

	/** "app" or "pat", as stored under {@code kind}. */
	String kind();

	@Override
	void close();

	/** A GitHub App: its id, the installation on the org, and its private key (PEM). */
	record App(long appId, long installationId, SecretValue privateKey) implements WriterCredential {

		@Override
		public String kind() {
			return "app";
		}

		@Override
		public void close() {
			privateKey.close();
		}

	}

	/** A personal access token with admin rights on the bound repositories. */
	record Pat(SecretValue token) implements WriterCredential {

		@Override
		public String kind() {
			return "pat";
		}

		@Override
		public void close() {
			token.close();
		}

	}

}
