package org.botkeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.botkeeper.cli.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The command line a process runs ({@link Botkeeper#commandLineFor}) builds only the command it was asked
 * for, and must answer exactly as the whole command line does: same output, same errors, same exit code.
 */
class BotkeeperTests {

	/** No Vault settings and no ~/.vault-token: commands that would call Vault stop at bad input. */
	private static final Map<String, String> ENV = Map.of("HOME", "/nonexistent-botkeeper-home");

	@ParameterizedTest
	@MethodSource("argumentLists")
	void aProcessShouldAnswerAsTheWholeCommandLineDoes(List<String> args) {
		String[] argv = args.toArray(String[]::new);
		Answer whole = run(Botkeeper.commandLine(terminal(), ENV), argv);
		Answer process = run(Botkeeper.commandLineFor(terminal(), ENV, argv), argv);
		assertThat(process).as(String.join(" ", args)).isEqualTo(whole);
	}

	@Test
	void aProcessShouldBuildOnlyTheCommandItRuns() {
		assertThat(Botkeeper.commandLineFor(terminal(), ENV, "totp").getSubcommands()).containsOnlyKeys("totp");
		assertThat(Botkeeper.commandLineFor(terminal(), ENV, "account", "password").getSubcommands())
			.containsOnlyKeys("account");
		assertThat(Botkeeper.commandLineFor(terminal(), ENV, "--version").getSubcommands()).isEmpty();
		assertThat(Botkeeper.commandLineFor(terminal(), ENV, "demo", "--help").getSubcommands()).containsOnlyKeys("demo");
	}

	@Test
	void helpAMistypedNameOrAnOptionFirstShouldGetTheWholeCommandLine() {
		int all = Botkeeper.commandLine(terminal(), ENV).getSubcommands().size();
		for (String[] args : List.of(new String[0], new String[] { "help", "totp" }, new String[] { "totpp" },
				new String[] { "--help" }, new String[] { "--version", "totp" }, new String[] { "TOTP" })) {
			assertThat(Botkeeper.commandLineFor(terminal(), ENV, args).getSubcommands()).as(String.join(" ", args))
				.hasSize(all);
		}
	}

	/** --help of every command and subcommand, --version, and mistakes at each level. */
	static Stream<List<String>> argumentLists() {
		List<List<String>> lists = new ArrayList<>();
		walk(Botkeeper.commandLine(terminal(), ENV), List.of(), lists);
		lists.addAll(List.of(List.of(), List.of("--version"), List.of("-V"), List.of("--version", "totp"),
				List.of("-V", "x"), List.of("--help"), List.of("help"), List.of("help", "totp"), List.of("totpp"),
				List.of("totp"), List.of("totp", "--format", "yaml"), List.of("totp", "--bogus"),
				List.of("totp", "code", "extra"), List.of("account"), List.of("account", "password"),
				List.of("account", "password", "--show", "x"), List.of("account", "pasword"),
				List.of("totp", "--kv-mount", "bad mount"), List.of("completion", "fish")));
		return lists.stream();
	}

	private static void walk(CommandLine command, List<String> path, List<List<String>> lists) {
		List<String> help = new ArrayList<>(path);
		help.add("--help");
		lists.add(help);
		command.getSubcommands().forEach((name, sub) -> {
			if (!name.equals("help")) {
				List<String> deeper = new ArrayList<>(path);
				deeper.add(name);
				walk(sub, deeper, lists);
			}
		});
	}

	private static Terminal terminal() {
		return Terminal.pipe(new ByteArrayInputStream(new byte[0]));
	}

	private static Answer run(CommandLine commandLine, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		commandLine.setOut(new PrintWriter(out, true));
		commandLine.setErr(new PrintWriter(err, true));
		int code = commandLine.execute(args);
		return new Answer(code, out.toString(), err.toString());
	}

	private record Answer(int exitCode, String out, String err) {

	}

}
