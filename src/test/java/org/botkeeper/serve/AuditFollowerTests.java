package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.botkeeper.github.GitHubCircuit;
import org.botkeeper.vault.AuditTrail;
import org.botkeeper.vault.VaultLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link AuditFollower} reads a growing log, on lines from a real OpenBao audit log (HMACs zeroed):
 * each alert counted once however the appends fall, a line cut in two by a write counted when it ends, a
 * rotated (shrunk) file read from its start, and only the end of a long log read at start-up.
 */
class AuditFollowerTests {

	@TempDir
	Path dir;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final StatusBoard board = new StatusBoard(() -> GitHubCircuit.State.CLOSED);

	private static String fixture() throws IOException {
		try (var in = AuditFollowerTests.class.getResourceAsStream("/audit/openbao-2.7.2.log")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** What {@code botkeeper audit} calls alerts in {@code log}. */
	private static long alerts(String log) {
		return new AuditTrail(VaultLayout.defaults()).read(new BufferedReader(new StringReader(log)), null).events()
			.stream()
			.filter(AuditTrail.Event::alert)
			.count();
	}

	private double counted() {
		return registry.find("botkeeper.sensitive.reads").counters().stream().mapToDouble(c -> c.count()).sum();
	}

	private AuditFollower follower(Path log) {
		return new AuditFollower(Optional.of(log), new AuditTrail(VaultLayout.defaults()), registry, board,
				Clock.systemUTC());
	}

	@Test
	void appendsCutAnywhereShouldCountEachAlertOnce() throws IOException {
		String log = fixture();
		assertThat(alerts(log)).as("the fixture has alerts").isPositive();
		Path file = dir.resolve("audit.log");
		Files.writeString(file, "");
		AuditFollower follower = follower(file);
		follower.compute();

		int cut = log.length() / 2;
		Files.writeString(file, log.substring(0, cut), StandardOpenOption.APPEND);
		follower.compute();
		Files.writeString(file, log.substring(cut), StandardOpenOption.APPEND);
		follower.compute();
		follower.compute();

		assertThat(counted()).isEqualTo(alerts(log));
		assertThat(board.audit()).hasValueSatisfying(audit -> {
			assertThat(audit.alerts()).hasSize((int) alerts(log));
			assertThat(audit.problem()).isEmpty();
		});
	}

	@Test
	void aRotatedLogShouldBeReadFromItsStart() throws IOException {
		String log = fixture();
		Path file = dir.resolve("audit.log");
		Files.writeString(file, "");
		AuditFollower follower = follower(file);
		follower.compute();
		Files.writeString(file, log + log, StandardOpenOption.APPEND);
		follower.compute();

		Files.writeString(file, log, StandardOpenOption.TRUNCATE_EXISTING);
		follower.compute();

		assertThat(counted()).isEqualTo(3 * alerts(log));
	}

	@Test
	void atStartUpOnlyTheEndOfALongLogShouldBeRead() throws IOException {
		String log = fixture();
		Path file = dir.resolve("audit.log");
		// Over a MiB of lines that are not entries, then the fixture: only the fixture's alerts are in the tail.
		Files.writeString(file, ("x".repeat(1023) + "\n").repeat(1100) + log);

		follower(file).compute();

		assertThat(counted()).isEqualTo(alerts(log));
	}

	@Test
	void aMissingFileShouldBeAProblemOnTheBoardNotAnEnd() throws IOException {
		Path file = dir.resolve("not-yet.log");
		AuditFollower follower = follower(file);
		follower.compute();
		assertThat(board.audit()).hasValueSatisfying(audit -> assertThat(audit.problem().orElseThrow())
			.contains("Cannot read the audit log " + file).contains("mounted there and readable"));

		Files.writeString(file, fixture());
		follower.compute();

		assertThat(board.audit()).hasValueSatisfying(audit -> assertThat(audit.problem()).isEmpty());
		assertThat(counted()).isEqualTo(alerts(fixture()));
	}

}
