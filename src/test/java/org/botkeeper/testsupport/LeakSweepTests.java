package org.botkeeper.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class LeakSweepTests {

	private final String canary = "ghp_" + "Sweep" + System.nanoTime() + "/+=&";

	@Test
	void findShouldSeeTheCanaryInEveryEncodedForm() {
		byte[] raw = canary.getBytes(StandardCharsets.UTF_8);
		List<String> leaks = List.of(canary, Base64.getEncoder().encodeToString(raw),
				Base64.getUrlEncoder().encodeToString(raw),
				Base64.getEncoder().encodeToString(Base64.getEncoder().encodeToString(raw).getBytes(StandardCharsets.US_ASCII)),
				HexFormat.of().formatHex(raw), HexFormat.of().withUpperCase().formatHex(raw),
				URLEncoder.encode(canary, StandardCharsets.UTF_8));
		for (String leak : leaks) {
			assertThat(LeakSweep.find(List.of(canary), "log line: token=" + leak + " end")).as(leak).isPresent();
		}
	}

	@Test
	void findShouldSeeMostOfALongCanaryCutOffByALogger() {
		String pat = "github_pat_" + "A1b2C3d4E5f6G7h8I9j0K1" + "_" + "x9Y8w7V6u5T4s3R2q1P0o9N8m7L6k5J4i3H2g1F0e9D8c7B6a5Z4y3X2w1V0u";
		String cut = "Writing [{options={cas=0}, data={token=" + pat + "}}]";
		assertThat(LeakSweep.find(List.of(pat), cut.substring(0, 100))).isPresent();
		assertThat(LeakSweep.find(List.of(pat), "token=" + pat.substring(0, 20) + "...")).as("a short prefix is no leak")
			.isEmpty();
	}

	@Test
	void findShouldReportNothingForCleanText() {
		assertThat(LeakSweep.find(List.of(canary), "Synced jupyterhub/binderhub:jupyterhub-bot/JUPYTERHUB_BOT_PAT"))
			.isEmpty();
	}

}
