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
	void findShouldReportNothingForCleanText() {
		assertThat(LeakSweep.find(List.of(canary), "Synced jupyterhub/binderhub:jupyterhub-bot/JUPYTERHUB_BOT_PAT"))
			.isEmpty();
	}

}
