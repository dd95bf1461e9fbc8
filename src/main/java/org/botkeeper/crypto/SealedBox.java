package org.botkeeper.crypto;

import java.util.Arrays;
import java.util.Base64;

import com.goterl.lazysodium.Sodium;
import com.goterl.lazysodium.SodiumJava;

/**
 * Seals a secret to an X25519 public key with libsodium's {@code crypto_box_seal}, the way GitHub
 * asks for Actions secrets
 * (<a href="https://docs.github.com/en/rest/guides/encrypting-secrets-for-the-rest-api">Encrypting
 * secrets for the REST API</a>). Only the holder of the private key can open the box; GitHub does so
 * and never returns the value.
 */
public final class SealedBox {

	/** Bytes a sealed box adds to the plaintext: an ephemeral public key and a MAC. */
	public static final int OVERHEAD = 48;

	/** Length of an X25519 key, public or secret. */
	public static final int KEY_BYTES = 32;

	private static final Sodium SODIUM = new SodiumJava();

	private SealedBox() {
	}

	/**
	 * Seals {@code value} to {@code base64PublicKey} and returns the base64 ciphertext. The UTF-8
	 * plaintext bytes are zeroed before this returns, also on failure.
	 */
	public static String seal(SecretValue value, String base64PublicKey) {
		byte[] plaintext = value.utf8();
		try {
			return seal(plaintext, base64PublicKey);
		}
		finally {
			Arrays.fill(plaintext, (byte) 0);
		}
	}

	/** Seals {@code plaintext} (which the caller zeroes) to {@code base64PublicKey}; base64 out. */
	public static String seal(byte[] plaintext, String base64PublicKey) {
		byte[] publicKey = decodeKey(base64PublicKey, "public key");
		byte[] ciphertext = new byte[plaintext.length + OVERHEAD];
		if (SODIUM.crypto_box_seal(ciphertext, plaintext, plaintext.length, publicKey) != 0) {
			throw new IllegalStateException("libsodium crypto_box_seal failed");
		}
		return Base64.getEncoder().encodeToString(ciphertext);
	}

	/**
	 * Opens a base64 sealed box with the key pair it was sealed to; the caller owns (and zeroes) the
	 * plaintext. Used by the GitHub simulator and the tests, which play GitHub's part.
	 */
	public static byte[] open(String base64Ciphertext, byte[] publicKey, byte[] secretKey) {
		byte[] ciphertext;
		try {
			ciphertext = Base64.getDecoder().decode(base64Ciphertext);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("sealed box is not valid base64");
		}
		if (ciphertext.length < OVERHEAD) {
			throw new IllegalArgumentException("sealed box is shorter than its overhead");
		}
		byte[] plaintext = new byte[ciphertext.length - OVERHEAD];
		if (SODIUM.crypto_box_seal_open(plaintext, ciphertext, ciphertext.length, publicKey, secretKey) != 0) {
			throw new IllegalArgumentException("sealed box does not open with this key pair");
		}
		return plaintext;
	}

	/** A fresh X25519 key pair: {@code [publicKey, secretKey]}. */
	public static byte[][] keyPair() {
		byte[] publicKey = new byte[KEY_BYTES];
		byte[] secretKey = new byte[KEY_BYTES];
		if (SODIUM.crypto_box_keypair(publicKey, secretKey) != 0) {
			throw new IllegalStateException("libsodium crypto_box_keypair failed");
		}
		return new byte[][] { publicKey, secretKey };
	}

	private static byte[] decodeKey(String base64, String what) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new IllegalArgumentException("GitHub " + what + " is not valid base64");
		}
		if (key.length != KEY_BYTES) {
			throw new IllegalArgumentException("GitHub " + what + " has " + key.length + " bytes, expected " + KEY_BYTES);
		}
		return key;
	}

}
