package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code totp import} with a break-glass token on the real server: the seed's length is bounded (GitHub's
 * 80-bit seeds at the low end, a few hundred bytes at the top), and nothing from the input reaches the
 * terminal as a control character: an escape sequence in the label, issuer or algorithm is shown escaped.
 */
@ExtendWith(VaultServerExtension.class)
class TotpImportLimitsIntegrationTests {

	private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	private VaultCli breakglass;

	@BeforeEach
	void setUp(VaultFixture vault) {
		vault.ensureTotp("botkeeper-totp");
		vault.writePolicy("botkeeper-breakglass");
		breakglass = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-breakglass"));
	}

	@Test
	void aSeedOfGitHubsSizeShouldBeImportedAndOneBitShorterOrFarLongerRefused() {
		String github = LeakCanaries.plant(LeakCanaries.totpSeed().substring(0, 16));
		String shorter = github.substring(0, 15) + "=";
		String longer = LeakCanaries.plant(seed(416));

		CliRun imported = breakglass.withStdin("otpauth://totp/GitHub:bot?secret=" + github + "&issuer=GitHub\n", "totp",
				"import", "--replace");
		CliRun tooShort = breakglass.withStdin(shorter + "\n", "totp", "import", "--replace");
		CliRun tooLong = breakglass.withStdin("otpauth://totp/GitHub:bot?secret=" + longer + "\n", "totp", "import",
				"--replace");
		CliRun longest = breakglass.withStdin(LeakCanaries.plant(seed(408)) + "\n", "totp", "import", "--replace");

		assertThat(imported.exitCode()).as(imported.describe()).isZero();
		assertThat(tooShort.exitCode()).as(tooShort.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(tooShort.err()).contains("too short (15 base32 characters)").contains("at least 16 (80 bits)");
		assertThat(tooLong.exitCode()).as(tooLong.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(tooLong.err()).contains("too long (416 base32 characters, 260 bytes)").contains("at most 256");
		assertThat(longest.exitCode()).as("255 bytes is the longest seed taken: " + longest.describe()).isZero();
	}

	@Test
	void inputLongerThanAnyOtpauthUriShouldBeRefusedUnread() {
		CliRun run = breakglass.withStdin("otpauth://totp/x?secret=" + "A".repeat(5000) + "\n", "totp", "import");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains("characters long; an otpauth URI or a base32 seed is at most 4096");
	}

	@Test
	void controlCharactersInTheInputShouldNeverReachTheTerminal() {
		String seed = LeakCanaries.totpSeed();
		// ESC [2J clears the screen, ESC ]0; sets the window title, BEL, and C1's CSI (U+009B).
		CliRun label = breakglass.withStdin("otpauth://totp/GitHub:%1B%5B2J%1B%5D0;owned%07bot?secret=" + seed + "\n",
				"totp", "import", "--replace");
		CliRun issuer = breakglass.withStdin("otpauth://totp/bot?secret=" + seed + "&issuer=Git%C2%9B31mHub\n", "totp",
				"import", "--replace");
		CliRun algorithm = breakglass.withStdin("otpauth://totp/bot?secret=" + seed
				+ "&algorithm=SHA1%1B%5B2J%1B%5B2J%1B%5B2J%1B%5B2J\n", "totp", "import", "--replace");

		assertThat(label.exitCode()).as(label.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(label.err()).contains("The otpauth URI's label 'GitHub:\\u001b[2J\\u001b]0;owned\\u0007bot' has "
				+ "control characters");
		assertThat(issuer.exitCode()).as(issuer.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(issuer.err()).contains("issuer 'Git\\u009b31mHub'");
		assertThat(algorithm.exitCode()).as(algorithm.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(algorithm.err()).contains("Unsupported algorithm 'SHA1\\u001b[2J\\u001b[2J\\u001b[2J");
		for (CliRun run : new CliRun[] { label, issuer, algorithm }) {
			assertThat(run.err().chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c < 0xa0).count())
				.as("control characters on stderr: " + run.describe())
				.isZero();
			assertThat(run.out()).isEmpty();
		}
	}

	private static String seed(int length) {
		StringBuilder seed = new StringBuilder();
		java.util.Random random = new java.security.SecureRandom();
		while (seed.length() < length) {
			seed.append(BASE32.charAt(random.nextInt(32)));
		}
		return seed.toString();
	}

}
