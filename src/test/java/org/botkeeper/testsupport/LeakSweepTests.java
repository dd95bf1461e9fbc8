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
	void findShouldSeeACanaryInsideALongerBase64ValueAtEveryAlignment() {
		String token = "ghp_" + "K3y" + System.nanoTime() + "abcdefghijklmnop";
		for (String wrapped : List.of("user:" + token, "x-access-token:" + token, "{\"token\":\"" + token + "\"}",
				"a" + token, "ab" + token + "tail")) {
			byte[] bytes = wrapped.getBytes(StandardCharsets.UTF_8);
			assertThat(LeakSweep.find(List.of(token), "Authorization: Basic " + Base64.getEncoder().encodeToString(bytes)))
				.as("base64 of " + wrapped.length() + " bytes").isPresent();
			assertThat(LeakSweep.find(List.of(token), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)))
				.as("base64url").isPresent();
		}
	}

	@Test
	void findShouldSeeThirtyCharactersOfAShorterSecretWhereverTheyStart() {
		String classic = "ghp_" + "abcdefghijklmnopqrstuvwxyz0123456789"; // 40 characters
		assertThat(LeakSweep.find(List.of(classic), "token=" + classic.substring(0, 30) + "...")).isPresent();
		assertThat(LeakSweep.find(List.of(classic), "..." + classic.substring(7, 37) + "...")).isPresent();
		assertThat(LeakSweep.find(List.of(classic), "token=" + classic.substring(0, 29) + "...")).isEmpty();
	}

	@Test
	void aSweepWithoutCanariesOrOutputsShouldFailRatherThanPass(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
			throws Exception {
		java.nio.file.Path outputs = java.nio.file.Files.createDirectories(dir.resolve("target"));
		java.nio.file.Files.writeString(outputs.resolve("out.txt"), "clean output");
		java.nio.file.Path canaries = dir.resolve("leak-canaries");
		var sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());

		assertThat(LeakSweep.sweep(outputs, canaries, sink)).as("no canaries: proves nothing").isEqualTo(1);
		java.nio.file.Files.createDirectories(canaries);
		java.nio.file.Files.writeString(canaries.resolve("canaries-1.txt"), canary + "\n");
		assertThat(LeakSweep.sweep(outputs, canaries, sink)).as("canaries, clean outputs").isZero();
		assertThat(LeakSweep.sweep(dir.resolve("elsewhere"), canaries, sink)).as("no outputs").isEqualTo(1);
		java.nio.file.Files.writeString(outputs.resolve("leak.log"), "Basic "
				+ Base64.getEncoder().encodeToString(("user:" + canary).getBytes(StandardCharsets.UTF_8)));
		assertThat(LeakSweep.sweep(outputs, canaries, sink)).as("a leak").isEqualTo(1);
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
