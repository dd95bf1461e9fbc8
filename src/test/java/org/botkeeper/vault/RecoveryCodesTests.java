package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.junit.jupiter.api.Test;

/** Parsing, validating and taking recovery codes, without Vault. */
class RecoveryCodesTests {

	@Test
	void parseShouldAcceptGitHubsShapeWithOrWithoutTheHyphenAndStoreItLowerCaseWithIt() {
		assertThat(parse("  a1b2c-d3e4f \t").reveal()).isEqualTo("a1b2c-d3e4f");
		assertThat(parse("A1B2CD3E4F").reveal()).isEqualTo("a1b2c-d3e4f");
	}

	@Test
	void parseShouldRefuseAnythingElseWithoutRepeatingIt() {
		for (String line : List.of("a1b2c-d3e4", "a1b2c-d3e4f0", "a1b2-cd3e4f", "a1b2c_d3e4f", "a1b2c-d3e4!", "Pw-secret-1",
				"", "a1b2c--3e4f")) {
			assertThatThrownBy(() -> parse(line)).as("'%s'", line)
				.isInstanceOfSatisfying(UserFacingException.class,
						ex -> assertThat(ex.exitCode()).isEqualTo(ExitCodes.BAD_INPUT))
				.hasMessageContaining("Line 7 is not a GitHub recovery code")
				.hasMessageNotContaining(line.isBlank() ? "\u0000" : line.strip());
		}
	}

	@Test
	void parseShouldZeroTheLineItWasGiven() {
		char[] line = "a1b2c-d3e4f".toCharArray();
		RecoveryCodes.parse(line, 1).close();
		assertThat(new String(line)).isEqualTo("\0".repeat(11));
		char[] bad = "not a code!".toCharArray();
		assertThatThrownBy(() -> RecoveryCodes.parse(bad, 1)).isInstanceOf(UserFacingException.class);
		assertThat(new String(bad)).isEqualTo("\0".repeat(11));
	}

	@Test
	void freshShouldRefuseNoneTooManyAndDuplicates() {
		assertThatThrownBy(() -> RecoveryCodes.fresh(List.of())).hasMessageContaining("No recovery codes given");
		List<SecretValue> many = new ArrayList<>();
		for (int i = 0; i <= RecoveryCodes.MAX; i++) {
			many.add(parse(String.format("%05d-%05d", i, i)));
		}
		assertThatThrownBy(() -> RecoveryCodes.fresh(many)).hasMessageContaining("at most " + RecoveryCodes.MAX);
		assertThatThrownBy(
				() -> RecoveryCodes.fresh(List.of(parse("aaaaa-00001"), parse("bbbbb-00002"), parse("AAAAA00001"))))
			.hasMessageContaining("Recovery codes 1 and 3 are the same");
	}

	@Test
	void takeShouldHandOutCodesInOrderAndRecordEachAsUsed() {
		RecoveryCodes codes = RecoveryCodes.fresh(List.of(parse("aaaaa-00001"), parse("bbbbb-00002")));
		Instant when = Instant.parse("2026-11-30T10:00:00Z");

		SecretValue first = codes.take(when, "token breakglass");
		Map<String, Object> data = codes.toData();
		RecoveryCodes reread = RecoveryCodes.from(Map.of("unused", ((BodySecret) data.get("unused")).value(), "used",
				((BodySecret) data.get("used")).value()));

		assertThat(first.reveal()).isEqualTo("aaaaa-00001");
		assertThat(codes.unused()).isEqualTo(1);
		assertThat(codes.total()).isEqualTo(2);
		assertThat(((BodySecret) data.get("used")).value()).isEqualTo("aaaaa-00001 2026-11-30T10:00:00Z token_breakglass\n");
		assertThat(reread.unused()).isEqualTo(1);
		assertThat(reread.total()).isEqualTo(2);
		assertThat(reread.take(when, "x").reveal()).isEqualTo("bbbbb-00002");
		assertThat(reread.unused()).isZero();
		assertThat(codes.toString()).isEqualTo("RecoveryCodes[1 unused of 2]");
		assertThat(data.toString()).doesNotContain("bbbbb").doesNotContain("aaaaa");
	}

	@Test
	void aRecordWithoutCodesShouldHaveNone() {
		RecoveryCodes none = RecoveryCodes.from(Map.of("probe", "something else"));
		assertThat(none.unused()).isZero();
		assertThat(none.total()).isZero();
	}

	private static SecretValue parse(String line) {
		return RecoveryCodes.parse(line.toCharArray(), 7);
	}

}
