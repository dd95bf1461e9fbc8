package org.botkeeper.githubsim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.botkeeper.crypto.SealedBox;

/**
 * The secrets of one scope and the X25519 key pair they are sealed to: GitHub gives each environment,
 * each repository (once for Actions, once for Dependabot) and each organisation a key pair of its own.
 * Names are case-insensitive, stored upper case as GitHub does.
 */
public final class SimSecretStore {

	private static final AtomicLong KEY_IDS = new AtomicLong(3380204578043523366L);

	private volatile byte[][] keyPair;

	private volatile String keyId;

	private final Map<String, SimSecret> secrets = new ConcurrentSkipListMap<>();

	/** Every value each secret received, in order: tests count writes per version with it. */
	private final Map<String, List<String>> history = new ConcurrentHashMap<>();

	SimSecretStore() {
		rotateKey();
	}

	/** Replaces the key pair; boxes sealed to the old key no longer open. */
	public void rotateKey() {
		keyPair = SealedBox.keyPair();
		keyId = Long.toString(KEY_IDS.incrementAndGet());
	}

	/** Stores {@code value} as the secret directly, as someone editing it in GitHub's UI would. */
	public SimSecret putOutOfBand(String secretName, String value, Instant now) {
		return store(secretName, value.getBytes(StandardCharsets.UTF_8), keyId, now);
	}

	SimSecret store(String secretName, byte[] plaintext, String usedKeyId, Instant now) {
		String key = secretName.toUpperCase(Locale.ROOT);
		history.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(new String(plaintext, StandardCharsets.UTF_8));
		SimSecret existing = secrets.get(key);
		if (existing != null) {
			existing.update(now, plaintext, usedKeyId);
			return existing;
		}
		SimSecret created = new SimSecret(key, now, plaintext, usedKeyId);
		secrets.put(key, created);
		return created;
	}

	/** Opens a sealed box with the current private key. */
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
	public List<String> writes(String secretName) {
		return List.copyOf(history.getOrDefault(secretName.toUpperCase(Locale.ROOT), List.of()));
	}

	public Collection<SimSecret> secrets() {
		return List.copyOf(secrets.values());
	}

	public String keyId() {
		return keyId;
	}

	public String publicKeyBase64() {
		return Base64.getEncoder().encodeToString(keyPair[0]);
	}

}
