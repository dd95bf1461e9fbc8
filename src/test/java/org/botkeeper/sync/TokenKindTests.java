package org.botkeeper.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.botkeeper.testsupport.LeakCanaries;
import org.junit.jupiter.api.Test;

class TokenKindTests {

	@Test
	void knownPrefixesShouldBeRecognised() {
		assertThat(TokenKind.of(LeakCanaries.classicPat().toCharArray())).contains(TokenKind.CLASSIC_PAT);
		assertThat(TokenKind.of(LeakCanaries.fineGrainedPat().toCharArray())).contains(TokenKind.FINE_GRAINED_PAT);
		for (TokenKind kind : TokenKind.known()) {
			String token = LeakCanaries.plant(kind.prefix() + "A1b2C3d4E5f6G7h8I9j0K1l2");
			assertThat(TokenKind.of(token.toCharArray())).as(kind.prefix()).contains(kind);
		}
	}

	@Test
	void valuesThatAreNotTokensShouldBeRefused() {
		assertThat(TokenKind.of(LeakCanaries.password().toCharArray())).isEmpty();
		assertThat(TokenKind.of("ghp_short".toCharArray())).isEmpty();
		assertThat(TokenKind.of(("ghp_" + "a".repeat(36) + " ").toCharArray())).as("trailing space").isEmpty();
		assertThat(TokenKind.of(("xyz_" + "a".repeat(36)).toCharArray())).isEmpty();
		assertThat(TokenKind.of(new char[0])).isEmpty();
	}

	@Test
	void theMessageListShouldNameEveryPrefix() {
		assertThat(TokenKind.knownPrefixes()).contains("ghp_", "github_pat_", "gho_", "ghu_", "ghs_", "ghr_");
	}

}
