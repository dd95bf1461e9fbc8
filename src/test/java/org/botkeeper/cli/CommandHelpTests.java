package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.botkeeper.testsupport.CliRun;
import org.junit.jupiter.api.Test;

/** Every command's --help starts with usage and shows two real examples. */
class CommandHelpTests {

	private static final List<String> COMMANDS = List.of("vault", "vault init", "vault policy",
			"vault policy maintainer", "account", "account set", "account show", "account password", "account recovery",
			"account recovery set", "account recovery use", "account recovery count", "account recovery migrate",
			"totp", "totp code", "totp import", "writer", "writer set", "writer show", "token", "token put", "token list",
			"token show", "token rm", "token check", "bot-token", "bot-token set", "bot-token show", "invitations", "guardrails", "access", "completion", "health");

	@Test
	void everyCommandHelpShouldStartWithUsageAndHaveTwoExamples() {
		for (String command : COMMANDS) {
			String[] args = (command + " --help").split(" ");
			CliRun run = CliRun.run(args);
			assertThat(run.exitCode()).as(command).isZero();
			assertThat(run.out()).as(command).startsWith("Usage: botkeeper " + command).contains("Examples:");
			long examples = run.out()
				.substring(run.out().indexOf("Examples:"))
				.lines()
				.skip(1)
				.takeWhile(line -> !line.matches("\\s+-.*"))
				.filter(line -> line.startsWith("  ") && line.contains("botkeeper "))
				.count();
			assertThat(examples).as(command + " examples").isGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void secretsShouldHaveNoOptionToComeFrom() {
		for (String command : List.of("token put", "account set", "account recovery set", "writer set", "totp import",
				"bot-token set")) {
			String help = CliRun.run((command + " --help").split(" ")).out();
			assertThat(help).as(command).doesNotContain("--token").doesNotContain("--password").doesNotContain("--value");
		}
	}

}
