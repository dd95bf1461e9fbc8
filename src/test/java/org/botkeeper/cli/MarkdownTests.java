package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.junit.jupiter.api.Test;

/** Markdown tables' cells, and {@code --format markdown} where it is not offered. */
class MarkdownTests {

	@Test
	void aCellShouldKeepPipesLineBreaksAndMarkupAsText() {
		java.io.StringWriter out = new java.io.StringWriter();
		Markdown.table(new java.io.PrintWriter(out, true), java.util.List.of("A"),
				java.util.List.of(java.util.List.of(Markdown.text("role a|b\nc *glob_x* `x` <b> [l] \\"))));
		assertThat(out.toString().lines()).containsExactly("| A |", "| --- |",
				"| role a\\|b c \\*glob\\_x\\* \\`x\\` \\<b\\> \\[l\\] \\\\ |");
	}

	@Test
	void markdownOnACommandThatCannotPrintItShouldExitTwoNamingTheOneThatCan() {
		CliRun run = CliRun.run("token", "list", "--format", "markdown");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).contains("--format").contains("markdown is printed by 'botkeeper access', 'botkeeper audit' and 'botkeeper footprint'");
	}

	@Test
	void anUnknownFormatShouldStillSayWhichOnesThereAre() {
		CliRun run = CliRun.run("token", "list", "--format", "yaml");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains("expected table or json");
	}

}
