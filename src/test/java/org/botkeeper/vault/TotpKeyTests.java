package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.testsupport.LeakCanaries;
import org.junit.jupiter.api.Test;

class TotpKeyTests {

	@Test
	void aGitHubUriShouldGiveSeedIssuerAccountAndDefaults() {
		String seed = LeakCanaries.totpSeed();
		TotpKey key = TotpKey.parse(("otpauth://totp/GitHub:jupyterhub-bot?secret=" + seed + "&issuer=GitHub").toCharArray());
		assertThat(key.seed().reveal()).isEqualTo(seed);
		assertThat(key.algorithm()).isEqualTo("SHA1");
		assertThat(key.digits()).isEqualTo(6);
		assertThat(key.period()).isEqualTo(30);
		assertThat(key.issuer()).isEqualTo("GitHub");
		assertThat(key.accountName()).isEqualTo("jupyterhub-bot");
		assertThat(key.toString()).doesNotContain(seed).contains("<redacted>");
	}

	@Test
	void parametersShouldBeReadCaseInsensitivelyAndTheSeedNormalised() {
		String seed = LeakCanaries.totpSeed();
		String spaced = seed.substring(0, 8).toLowerCase() + " " + seed.substring(8) + "====";
		TotpKey key = TotpKey.parse(("OTPAUTH://TOTP/Example%3Aalice%40example.org?SECRET="
				+ spaced.replace(" ", "%20") + "&Algorithm=sha512&digits=8&period=60").toCharArray());
		assertThat(key.seed().reveal()).isEqualTo(seed);
		assertThat(key.algorithm()).isEqualTo("SHA512");
		assertThat(key.digits()).isEqualTo(8);
		assertThat(key.period()).isEqualTo(60);
		assertThat(key.issuer()).isEqualTo("Example");
		assertThat(key.accountName()).isEqualTo("alice@example.org");
	}

	@Test
	void aBareSeedShouldTakeGitHubsDefaults() {
		String seed = LeakCanaries.totpSeed();
		TotpKey key = TotpKey.parse(("  " + seed + "\n").toCharArray());
		assertThat(key.seed().reveal()).isEqualTo(seed);
		assertThat(key.algorithm()).isEqualTo("SHA1");
		assertThat(key.issuer()).isNull();
	}

	@Test
	void badInputShouldBeRefusedWithAMessageThatNamesTheFieldButNeverTheSeed() {
		String seed = LeakCanaries.totpSeed();
		assertRefused("otpauth://hotp/x?secret=" + seed + "&counter=1", "only 'totp'", seed);
		assertRefused("otpauth://totp/x?issuer=GitHub", "no 'secret'", seed);
		assertRefused("otpauth://totp/x?secret=" + seed + "&digits=7", "digits=7", seed);
		assertRefused("otpauth://totp/x?secret=" + seed + "&digits=six", "not a number", seed);
		assertRefused("otpauth://totp/x?secret=" + seed + "&algorithm=MD5", "SHA1, SHA256 or SHA512", seed);
		assertRefused("otpauth://totp/x?secret=" + seed + "&period=0", "period=0", seed);
		assertRefused("otpauth://totp/x?secret=" + seed.substring(0, 20) + "01", "not base32", seed);
		assertRefused(seed.substring(0, 12), "too short", seed);
		assertRefused(seed + "A", "impossible base32 length", seed);
		assertRefused("otpauth://totp/x?secret=%zz" + seed, "malformed", seed);
		assertRefused("https://example.org/?secret=" + seed, "Not a TOTP key", seed);
		assertRefused("", "No TOTP key", seed);
	}

	private static void assertRefused(String input, String message, String seed) {
		assertThatThrownBy(() -> TotpKey.parse(input.toCharArray())).as(message)
			.isInstanceOf(UserFacingException.class)
			.hasMessageContaining(message)
			.satisfies(ex -> {
				assertThat(((UserFacingException) ex).exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
				assertThat(ex.getMessage()).doesNotContain(seed).doesNotContain(seed.substring(0, 12));
				assertThat(ex.getCause()).isNull();
			});
	}

}
