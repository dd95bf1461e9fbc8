package org.botkeeper.demo;

import java.security.SecureRandom;

/**
 * Throwaway credentials for the demo, made fresh on every run (nothing token-shaped is committed):
 * a password, a TOTP seed, and tokens with GitHub's prefixes.
 */
final class DemoSecrets {

	private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	private static final SecureRandom RANDOM = new SecureRandom();

	private DemoSecrets() {
	}

	static String password() {
		return random(ALNUM, 24);
	}

	static String totpSeed() {
		return random(BASE32, 32);
	}

	static String classicPat() {
		return "ghp_" + random(ALNUM, 36);
	}

	static String fineGrainedPat() {
		return "github_pat_" + random(ALNUM, 22) + "_" + random(ALNUM, 59);
	}

	private static String random(String alphabet, int length) {
		StringBuilder out = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
		}
		return out.toString();
	}

}
