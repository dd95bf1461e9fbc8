package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.botkeeper.Botkeeper;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Walks every command of the real command line ({@code demo} included), so a command added later is held to
 * the same help as the others without anyone remembering to list it.
 */
class CommandHelpTests {

	/** Every command below the root, by the words that invoke it ("account recovery set"). */
	private static List<CommandLine> commands() {
		List<CommandLine> all = new ArrayList<>();
		walk(Botkeeper.commandLine(new ByteArrayInputStream(new byte[0]), Map.of()), all);
		return all;
	}

	private static void walk(CommandLine command, List<CommandLine> all) {
		for (CommandLine sub : command.getSubcommands().values()) {
			// picocli's own 'help' command, and each command once though aliases list it again
			if (sub.getCommand() instanceof CommandLine.HelpCommand || all.contains(sub)) {
				continue;
			}
			all.add(sub);
			walk(sub, all);
		}
	}

	private static String words(CommandLine command) {
		return command.getCommandSpec().qualifiedName(" ").substring("botkeeper ".length());
	}

	/** A command that only groups others: subcommands, and no option of its own beyond --help and --version. */
	private static boolean isGroup(CommandLine command) {
		CommandLine.Model.CommandSpec spec = command.getCommandSpec();
		return !spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()
				&& spec.options().stream().allMatch(option -> option.usageHelp() || option.versionHelp());
	}

	@Test
	void theWalkShouldReachCommandsAtEveryDepthAndTheDemo() {
		List<String> names = commands().stream().map(CommandHelpTests::words).toList();
		assertThat(names).contains("demo", "account recovery set", "writer ceiling show", "vault policy maintainer")
			.doesNotContain("help");
	}

	@Test
	void everyCommandHelpShouldStartWithUsageAndHaveADescriptionAndTwoExamples() {
		SoftAssertions softly = new SoftAssertions();
		for (CommandLine command : commands()) {
			String words = words(command);
			CliRun run = CliRun.run((words + " --help").split(" "));
			softly.assertThat(run.exitCode()).as(words + ": " + run.describe()).isZero();
			softly.assertThat(run.out()).as(words).startsWith("Usage: botkeeper " + words).contains("Examples:");
			String[] description = command.getCommandSpec().usageMessage().description();
			softly.assertThat(description.length > 0 && !description[0].isBlank()).as(words + " has a description")
				.isTrue();
			long examples = run.out()
				.substring(run.out().indexOf("Examples:"))
				.lines()
				.skip(1)
				.takeWhile(line -> !line.matches("\\s+-.*"))
				.filter(line -> line.startsWith("  ") && line.contains("botkeeper "))
				.count();
			softly.assertThat(examples).as(words + " examples").isGreaterThanOrEqualTo(2);
		}
		softly.assertAll();
	}

	@Test
	void everyCommandThatRunsShouldEndItsHelpWithTheExitCodes() {
		SoftAssertions softly = new SoftAssertions();
		for (CommandLine command : commands()) {
			if (isGroup(command)) {
				continue;
			}
			String words = words(command);
			String help = CliRun.run((words + " --help").split(" ")).out();
			softly.assertThat(help.stripTrailing().endsWith(ExitCodes.HELP_SECTION.stripTrailing())).as(words + ": ends with ExitCodes.HELP_SECTION")
				.isTrue();
			softly.assertThat(help.indexOf("Exit codes")).as(words + ": the exit codes are told once, in the footer")
				.isEqualTo(help.lastIndexOf("Exit codes"));
		}
		softly.assertAll();
	}

	@Test
	void everyGroupWithoutASubcommandShouldPrintItsUsageOnStderrAndExitTwo() {
		SoftAssertions softly = new SoftAssertions();
		List<CommandLine> groups = commands().stream().filter(CommandHelpTests::isGroup).toList();
		assertThat(groups).extracting(CommandHelpTests::words).contains("vault", "account", "token", "writer");
		for (CommandLine group : groups) {
			String words = words(group);
			CliRun run = CliRun.run(words.split(" "));
			softly.assertThat(run.exitCode()).as(words + ": " + run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
			softly.assertThat(run.out()).as(words).isEmpty();
			softly.assertThat(run.err()).as(words).contains("Missing required subcommand").contains("Usage: botkeeper " + words);
		}
		softly.assertAll();
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
