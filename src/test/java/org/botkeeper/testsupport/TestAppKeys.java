package org.botkeeper.testsupport;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** RSA key pairs for a test GitHub App, with the private key as PEM in either form GitHub users meet. */
public final class TestAppKeys {

	private TestAppKeys() {
	}

	public static KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** {@code BEGIN PRIVATE KEY}: PKCS#8, what the JDK encodes. */
	public static String pkcs8Pem(KeyPair pair) {
		return LeakCanaries.plant(pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
	}

	/**
	 * {@code BEGIN RSA PRIVATE KEY}: PKCS#1, what GitHub hands out. A 2048-bit key's PKCS#8 form is a
	 * fixed 26-byte header around the PKCS#1 structure.
	 */
	public static String pkcs1Pem(KeyPair pair) {
		byte[] pkcs8 = pair.getPrivate().getEncoded();
		return LeakCanaries.plant(pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length)));
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

}
