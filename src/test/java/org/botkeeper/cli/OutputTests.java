package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class OutputTests {

	@Test
	void aTableShouldWrapItsLastColumnToFitAndCutNothing() {
		String reason = "the secret changed on GitHub out of band, decided from its updated_at; pushing version 3 again "
				+ "restores what Vault holds";
		String table = table(120, List.of(Arrays.asList("jupyterhub/binderhub", "UPDATE_SECRET", "3", reason),
				Arrays.asList("jupyterhub/repo2docker", "NOOP", null, "up to date")));

		List<String> lines = table.lines().toList();
		assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(120));
		int column = lines.getFirst().indexOf("REASON");
		assertThat(lines.get(1)).isEqualTo("jupyterhub/binderhub    UPDATE_SECRET  3        the secret changed on GitHub out of "
				+ "band, decided from its updated_at;");
		assertThat(lines.get(2)).isEqualTo(" ".repeat(column) + "pushing version 3 again restores what Vault holds");
		assertThat(lines.get(3)).startsWith("jupyterhub/repo2docker  NOOP           -        up to date");
		assertThat(table(Integer.MAX_VALUE, List.of(Arrays.asList("a/b", "X", "1", reason)))).contains(reason);
	}

	@Test
	void timesShouldPrintToTheSecondAndCountsInTheRightNumber() {
		assertThat(Output.time(Instant.parse("2026-11-30T11:41:12.762345Z"))).isEqualTo("2026-11-30T11:41:12Z");
		assertThat(Output.time(null)).isNull();
		assertThat(Output.count(1, "record", "records")).isEqualTo("1 record");
		assertThat(Output.count(0, "record", "records")).isEqualTo("0 records");
		assertThat(Output.count(2, "record", "records")).isEqualTo("2 records");
		assertThat(Output.wrap("x".repeat(25), 10)).containsExactly("x".repeat(10), "x".repeat(10), "x".repeat(5));
	}

	private static String table(int width, List<List<String>> rows) {
		StringWriter out = new StringWriter();
		Output.table(new PrintWriter(out), List.of("BINDING", "ACTION", "VERSION", "REASON"), rows, width);
		return out.toString();
	}

}
