package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code botkeeper completion}: the script it prints is loaded into a real bash and asked to complete. */
class CompletionCommandTests {

	@Test
	void theBashScriptShouldCompleteCommandsSubcommandsAndOptionsInARealBash(@TempDir Path dir) throws Exception {
		CliRun run = CliRun.run("completion", "bash");
		assertThat(run.exitCode()).as(run.describe()).isZero();
		Path script = dir.resolve("botkeeper.bash");
		Files.writeString(script, run.out());

		String completions = bash(script, "botkeeper to", "botkeeper token p", "botkeeper token put --exp",
				"botkeeper vault init --pl", "botkeeper completion ");

		assertThat(completions).contains("[botkeeper to] -> totp token")
			.contains("[botkeeper token p] -> put")
			.contains("[botkeeper token put --exp] -> --expires")
			.contains("[botkeeper vault init --pl] -> --plan")
			.contains("[botkeeper completion ] -> bash zsh");
	}

	@Test
	void theZshScriptShouldLoadThroughBashcompinitAndAnUnknownShellShouldBeBadInput() {
		CliRun zsh = CliRun.run("completion", "zsh");
		CliRun fish = CliRun.run("completion", "fish");

		assertThat(zsh.exitCode()).as(zsh.describe()).isZero();
		assertThat(zsh.out()).startsWith("# botkeeper completion for zsh").contains("ZSH_VERSION").contains("bashcompinit")
			.contains("complete -F _complete_botkeeper");
		assertThat(fish.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
	}

	/** Completes each line in bash with the script loaded; one "[line] -> candidates" per line. */
	private static String bash(Path script, String... lines) throws IOException, InterruptedException {
		StringBuilder program = new StringBuilder("source '" + script + "' 2>/dev/null\n"
				+ "c() { COMP_LINE=\"$1\"; read -ra COMP_WORDS <<< \"$1\"; [[ \"$1\" == *' ' ]] && COMP_WORDS+=('');"
				+ " COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMP_POINT=${#COMP_LINE}; COMPREPLY=();"
				+ " _complete_botkeeper 2>/dev/null; echo \"[$1] -> ${COMPREPLY[*]}\"; }\n");
		for (String line : lines) {
			program.append("c '").append(line).append("'\n");
		}
		Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program.toString()).redirectErrorStream(true)
			.start();
		String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return output;
	}

}
