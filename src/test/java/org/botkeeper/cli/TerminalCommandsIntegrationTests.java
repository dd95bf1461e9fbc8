package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.TestAppKeys;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.PolicyDocuments;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What commands do when a person sits at the terminal: no-echo prompts, confirmations, no secrets on screen. */
@ExtendWith(VaultServerExtension.class)
class TerminalCommandsIntegrationTests {

	@BeforeAll
	static void policies(VaultFixture vault) {
		vault.ensureKv2("botkeeper");
		PolicyDocuments.INIT_POLICIES.forEach(vault::writePolicy);
	}

	@Test
	void accountPasswordShouldRefuseToPrintOnATerminalWithoutShow(VaultFixture vault) {
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		admin.withStdin(LeakCanaries.password() + "\n", "account", "set", "--login", "jupyterhub-bot");

		CliRun refused = admin.onTerminal(List.of(), "account", "password");

		assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(refused.err()).contains("Not printing the bot's password on a terminal").contains("--show");
		assertThat(refused.out()).isEmpty();
	}

	@Test
	void accountPasswordShouldRefuseWhenStdoutIsATerminalWhateverStdinIs(VaultFixture vault) {
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		admin.withStdin(LeakCanaries.password() + "\n", "account", "set", "--login", "jupyterhub-bot");

		CliRun refused = admin.pipedToTerminal("", "account", "password");

		assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(refused.err()).contains("Not printing the bot's password on a terminal");
		assertThat(refused.out()).isEmpty();
	}

	@Test
	void tokenPutShouldTakeTheValueFromTheNoEchoPrompt(VaultFixture vault) {
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		String repo = "tt-" + UUID.randomUUID().toString().substring(0, 8) + "/r";

		CliRun put = admin.onTerminal(List.of(LeakCanaries.classicPat()), "token", "put", repo);

		assertThat(put.exitCode()).as(put.describe()).isZero();
		assertThat(put.out()).contains("version 1");
		assertThat(put.terminalReads()).containsExactly(new Terminal.Read("Token for " + repo + ": ", true));
	}

	static Stream<Arguments> secretsAskedFor() {
		String pem = TestAppKeys.pkcs1Pem(TestAppKeys.generate());
		return Stream.of(
				Arguments.of(List.of("account", "set"), List.of("jupyterhub-bot", LeakCanaries.password()),
						List.of("Bot login: ", "Password for jupyterhub-bot: ")),
				Arguments.of(List.of("writer", "set", "--pat"), List.of(LeakCanaries.classicPat()),
						List.of("Admin personal access token: ")),
				Arguments.of(List.of("writer", "set", "--app-id", "4242", "--installation-id", "77"), List.of(pem),
						List.of("Paste it, then press Ctrl-D (nothing is shown): ")),
				Arguments.of(List.of("bot-token", "set"), List.of(LeakCanaries.fineGrainedPat()),
						List.of("The bot's token: ")),
				Arguments.of(List.of("token", "put", "tt-secret/r"), List.of(LeakCanaries.fineGrainedPat()),
						List.of("Token for tt-secret/r: ")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("secretsAskedFor")
	void everySecretAskedForOnATerminalShouldBeReadWithEchoOff(List<String> command, List<String> answers,
			List<String> prompts, VaultFixture vault) {
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));

		CliRun run = admin.onTerminal(answers, command.toArray(String[]::new));

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.terminalReads()).as("each answer typed with echo off, so it never shows on the screen")
			.containsExactlyElementsOf(prompts.stream().map(prompt -> new Terminal.Read(prompt, true)).toList());
	}

	@Test
	void tokenRmShouldAskAndDeleteOnlyOnYes(VaultFixture vault) {
		VaultCli admin = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"));
		String repo = "tt-" + UUID.randomUUID().toString().substring(0, 8) + "/r";
		admin.withStdin(LeakCanaries.classicPat() + "\n", "token", "put", repo);

		CliRun declined = admin.onTerminal(List.of("n"), "token", "rm", repo);
		CliRun kept = admin.run("token", "show", repo);
		CliRun confirmed = admin.onTerminal(List.of("yes"), "token", "rm", repo);

		assertThat(declined.exitCode()).as(declined.describe()).isZero();
		assertThat(declined.err()).contains("Nothing deleted");
		assertThat(declined.terminalReads()).as("a question, not a secret: read as a line")
			.containsExactly(new Terminal.Read("Delete the token for " + repo + " and all its versions? [y/N] ", false));
		assertThat(kept.exitCode()).as(kept.describe()).isZero();
		assertThat(confirmed.exitCode()).as(confirmed.describe()).isZero();
		assertThat(confirmed.out()).contains("Deleted");
	}

}
