package org.botkeeper.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.botkeeper.testsupport.LeakCanaries;
import org.junit.jupiter.api.Test;

class SealedBoxTests {

	@Test
	void sealShouldOpenToTheTokenWithTheMatchingKeyPair() {
		String token = LeakCanaries.fineGrainedPat();
		byte[][] pair = SealedBox.keyPair();
		String publicKey = Base64.getEncoder().encodeToString(pair[0]);

		String sealed = SealedBox.seal(SecretValue.of(token), publicKey);

		assertThat(new String(SealedBox.open(sealed, pair[0], pair[1]), StandardCharsets.UTF_8)).isEqualTo(token);
		assertThat(Base64.getDecoder().decode(sealed)).hasSize(token.length() + SealedBox.OVERHEAD);
		LeakCanaries.assertNoLeak("sealed box", sealed);
	}

	@Test
	void sealShouldNotOpenWithAnotherKeyPair() {
		byte[][] pair = SealedBox.keyPair();
		byte[][] other = SealedBox.keyPair();
		String sealed = SealedBox.seal(SecretValue.of(LeakCanaries.classicPat()),
				Base64.getEncoder().encodeToString(pair[0]));

		assertThatIllegalArgumentException().isThrownBy(() -> SealedBox.open(sealed, other[0], other[1]))
			.withMessageNotContaining(sealed);
	}

	@Test
	void sealShouldRejectAKeyOfTheWrongLength() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SealedBox.seal(SecretValue.of("x"), Base64.getEncoder().encodeToString(new byte[16])))
			.withMessageContaining("16 bytes");
	}

}
