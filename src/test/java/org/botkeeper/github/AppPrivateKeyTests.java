package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.testsupport.TestAppKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AppPrivateKeyTests {

	private static final KeyPair PAIR = TestAppKeys.generate();

	@Test
	void parseShouldReadPkcs1AsGitHubHandsItOut() {
		RSAPrivateKey key = AppPrivateKey.parse(SecretValue.of(TestAppKeys.pkcs1Pem(PAIR)));
		assertThat(key.getEncoded()).isEqualTo(PAIR.getPrivate().getEncoded());
	}

	@Test
	void parseShouldReadPkcs8() {
		RSAPrivateKey key = AppPrivateKey.parse(SecretValue.of(TestAppKeys.pkcs8Pem(PAIR)));
		assertThat(key.getEncoded()).isEqualTo(PAIR.getPrivate().getEncoded());
	}

	@Test
	void parseShouldRefuseGarbageWithoutQuotingIt() {
		String pem = "-----BEGIN RSA PRIVATE KEY-----\nAAAAsecretish\n-----END RSA PRIVATE KEY-----";
		assertThatIllegalArgumentException().isThrownBy(() -> AppPrivateKey.parse(SecretValue.of(pem)))
			.withMessage("The GitHub App private key does not parse as an RSA key.")
			.withNoCause();
	}

	@Test
	void jwtShouldBeRs256WithIatInThePastAndExpWithinTenMinutes() throws Exception {
		Instant now = Instant.parse("2026-11-25T12:00:00Z");
		RSAPrivateKey key = AppPrivateKey.parse(SecretValue.of(TestAppKeys.pkcs1Pem(PAIR)));

		String[] jwt = AppJwt.sign("12345", key, now).split("\\.");

		JsonNode claims = JsonMapper.builder().build().readTree(Base64.getUrlDecoder().decode(jwt[1]));
		assertThat(claims.path("iss").asString()).isEqualTo("12345");
		assertThat(claims.path("iat").asLong()).isEqualTo(now.getEpochSecond() - 60);
		assertThat(claims.path("exp").asLong() - now.getEpochSecond()).isPositive().isLessThanOrEqualTo(600);
		Signature signature = Signature.getInstance("SHA256withRSA");
		signature.initVerify(PAIR.getPublic());
		signature.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
		assertThat(signature.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
	}

}
