package org.botkeeper.githubsim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import org.botkeeper.crypto.SealedBox;

/**
 * An Actions environment: its deployment-branch policy, protection rules, its own X25519 key pair
 * (GitHub gives each environment one) and its secrets.
 */
public final class SimEnvironment {

	private static final AtomicLong KEY_IDS = new AtomicLong(3380204578043523366L);

	private final long id;

	private final String name;

	private final Instant createdAt;

	private volatile Instant updatedAt;

	/** null: every branch may deploy; else {protected_branches, custom_branch_policies}. */
	private volatile boolean[] branchPolicy;

	private volatile boolean requiredReviewers;

	private volatile byte[][] keyPair;

	private volatile String keyId;

	private final Map<String, SimSecret> secrets = new ConcurrentSkipListMap<>();

	/** Every value each secret received, in order: tests count writes per version with it. */
	private final Map<String, java.util.List<String>> history = new java.util.concurrent.ConcurrentHashMap<>();

	SimEnvironment(long id, String name, Instant now) {
		this.id = id;
		this.name = name;
		this.createdAt = now;
		this.updatedAt = now;
		rotateKey();
	}

	/** Replaces the key pair; boxes sealed to the old key no longer open. */
	public void rotateKey() {
		keyPair = SealedBox.keyPair();
		keyId = Long.toString(KEY_IDS.incrementAndGet());
	}

	void setBranchPolicy(boolean[] policy, Instant now) {
		branchPolicy = policy;
		updatedAt = now;
	}

	/** Drops the branch restriction, as an admin editing the environment out of band could. */
	public void unprotect(Instant now) {
		setBranchPolicy(null, now);
	}

	public void requireReviewers(boolean required) {
		requiredReviewers = required;
	}

	/** Stores {@code value} as the secret directly, as someone editing it in GitHub's UI would. */
	public SimSecret putOutOfBand(String secretName, String value, Instant now) {
		return store(secretName, value.getBytes(StandardCharsets.UTF_8), keyId, now);
	}

	SimSecret store(String secretName, byte[] plaintext, String usedKeyId, Instant now) {
		String key = secretName.toUpperCase(Locale.ROOT);
		history.computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
			.add(new String(plaintext, java.nio.charset.StandardCharsets.UTF_8));
		SimSecret existing = secrets.get(key);
		if (existing != null) {
			existing.update(now, plaintext, usedKeyId);
			return existing;
		}
		SimSecret created = new SimSecret(key, now, plaintext, usedKeyId);
		secrets.put(key, created);
		return created;
	}

	/** Opens a sealed box with this environment's current private key. */
	byte[] open(String sealed) {
		byte[][] pair = keyPair;
		return SealedBox.open(sealed, pair[0], pair[1]);
	}

	public SimSecret secret(String secretName) {
		return secrets.get(secretName.toUpperCase(Locale.ROOT));
	}

	boolean removeSecret(String secretName) {
		return secrets.remove(secretName.toUpperCase(Locale.ROOT)) != null;
	}

	/** Every value {@code secretName} was written with (sealed boxes opened), oldest first. */
	public java.util.List<String> writes(String secretName) {
		return java.util.List.copyOf(history.getOrDefault(secretName.toUpperCase(Locale.ROOT), java.util.List.of()));
	}

	public Collection<SimSecret> secrets() {
		return List.copyOf(secrets.values());
	}

	public long id() {
		return id;
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

	public boolean[] branchPolicy() {
		return branchPolicy == null ? null : branchPolicy.clone();
	}

	public boolean requiredReviewers() {
		return requiredReviewers;
	}

	public String keyId() {
		return keyId;
	}

	public String publicKeyBase64() {
		return Base64.getEncoder().encodeToString(keyPair[0]);
	}

}
