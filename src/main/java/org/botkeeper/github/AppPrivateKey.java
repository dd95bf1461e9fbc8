package org.botkeeper.github;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

import org.botkeeper.crypto.SecretValue;

/**
 * Reads a GitHub App private key from PEM. GitHub hands out PKCS#1 ({@code BEGIN RSA PRIVATE KEY});
 * converted keys are PKCS#8 ({@code BEGIN PRIVATE KEY}); both are accepted
 * (<a href="https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/managing-private-keys-for-github-apps">managing
 * private keys</a>). Parse errors never quote the key.
 */
public final class AppPrivateKey {

	private AppPrivateKey() {
	}

	public static RSAPrivateKey parse(SecretValue pem) {
		String text = pem.reveal();
		boolean pkcs1 = text.contains("-----BEGIN RSA PRIVATE KEY-----");
		if (!pkcs1 && !text.contains("-----BEGIN PRIVATE KEY-----")) {
			throw new IllegalArgumentException("The GitHub App private key is not a PEM RSA key (expected BEGIN RSA "
					+ "PRIVATE KEY or BEGIN PRIVATE KEY).");
		}
		byte[] der = null;
		byte[] pkcs8 = null;
		try {
			String base64 = text.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
			der = Base64.getDecoder().decode(base64);
			pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
			return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
		}
		catch (IllegalArgumentException | GeneralSecurityException | ClassCastException ex) {
			// No cause attached: its text could quote key material.
			throw new IllegalArgumentException("The GitHub App private key does not parse as an RSA key.");
		}
		finally {
			if (der != null) {
				Arrays.fill(der, (byte) 0);
			}
			if (pkcs8 != null) {
				Arrays.fill(pkcs8, (byte) 0);
			}
		}
	}

	/** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (the JDK reads only the latter). */
	static byte[] wrapPkcs1(byte[] pkcs1) {
		byte[] algorithm = { 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
				0x01, 0x05, 0x00 };
		byte[] version = { 0x02, 0x01, 0x00 };
		byte[] octets = tlv(0x04, pkcs1);
		byte[] content = new byte[version.length + algorithm.length + octets.length];
		System.arraycopy(version, 0, content, 0, version.length);
		System.arraycopy(algorithm, 0, content, version.length, algorithm.length);
		System.arraycopy(octets, 0, content, version.length + algorithm.length, octets.length);
		byte[] result = tlv(0x30, content);
		Arrays.fill(octets, (byte) 0);
		Arrays.fill(content, (byte) 0);
		return result;
	}

	private static byte[] tlv(int tag, byte[] value) {
		int length = value.length;
		byte[] header;
		if (length < 0x80) {
			header = new byte[] { (byte) tag, (byte) length };
		}
		else if (length < 0x100) {
			header = new byte[] { (byte) tag, (byte) 0x81, (byte) length };
		}
		else if (length < 0x10000) {
			header = new byte[] { (byte) tag, (byte) 0x82, (byte) (length >> 8), (byte) length };
		}
		else {
			header = new byte[] { (byte) tag, (byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length };
		}
		byte[] out = new byte[header.length + length];
		System.arraycopy(header, 0, out, 0, header.length);
		System.arraycopy(value, 0, out, header.length, length);
		return out;
	}

}
