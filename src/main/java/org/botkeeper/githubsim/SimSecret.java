package org.botkeeper.githubsim;

import java.time.Instant;

/**
 * A stored environment secret with the plaintext the simulator opened from its sealed box (GitHub
 * would never show it; the simulator keeps it so tests can compare).
 */
public final class SimSecret {

	private final String name;

	private final Instant createdAt;

	private volatile Instant updatedAt;

	private volatile byte[] plaintext;

	private volatile String keyId;

	SimSecret(String name, Instant now, byte[] plaintext, String keyId) {
		this.name = name;
		this.createdAt = now;
		this.updatedAt = now;
		this.plaintext = plaintext;
		this.keyId = keyId;
	}

	void update(Instant now, byte[] plaintext, String keyId) {
		this.updatedAt = now;
		this.plaintext = plaintext;
		this.keyId = keyId;
	}

	public String name() {
		return name;
	}

	public Instant createdAt() {
		return createdAt;
	}

	public Instant updatedAt() {
		return updatedAt;
	}

	/** The opened value, as UTF-8 bytes. */
	public byte[] plaintext() {
		return plaintext.clone();
	}

	public String keyId() {
		return keyId;
	}

	@Override
	public String toString() {
		return "SimSecret[" + name + "]";
	}

}
