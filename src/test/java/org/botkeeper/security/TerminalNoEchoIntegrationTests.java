package org.botkeeper.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No echo on a real terminal: {@code botkeeper token put} runs as a child JVM inside a tmux pane (a
 * real pty, so {@code System.console()} is a console), a person's keystrokes are sent to it, and the
 * screen is captured: the token never shows on it, and Vault holds exactly what was typed. The
 * settings reach the child through a script file (mode 700, deleted afterwards), never through argv.
 * tmux comes from Debian's packages (.ci/run installs it).
 */
@ExtendWith(VaultServerExtension.class)
class TerminalNoEchoIntegrationTests {

	@Test
	void tokenPutShouldNotEchoTheTokenOnARealTerminal(VaultFixture vault) throws Exception {
		vault.ensureKv2("botkeeper");
		vault.writePolicy("botkeeper-admin");
		String owner = "pty" + UUID.randomUUID().toString().substring(0, 8);
		String repository = owner + "/echo";
		String adminToken = vault.tokenWithPolicies("botkeeper-admin");
		Path dir = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "pty"));
		Path script = dir.resolve("token-put-" + owner + ".sh");
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Files.writeString(script, "#!/bin/sh\nexport VAULT_ADDR='" + vault.server().address() + "'\nexport VAULT_TOKEN='"
				+ adminToken + "'\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '" + classPath
				+ "' org.botkeeper.Botkeeper token put " + repository + "\n");
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
		String session = "botkeeper-" + owner;
		String token = LeakCanaries.fineGrainedPat();
		try {
			tmux("new-session", "-d", "-s", session, "-x", "220", "-y", "50", "sh -c '" + script + "; echo EXIT=$?; sleep 60'");
			String prompt = awaitScreen(session, "Token for", Duration.ofSeconds(60));
			assertThat(prompt).contains("Token for " + repository);
			tmux("send-keys", "-t", session, "-l", token);
			tmux("send-keys", "-t", session, "Enter");
			String screen = awaitScreen(session, "EXIT=", Duration.ofSeconds(60));
			LeakCanaries.assertNoLeak("the terminal screen of 'botkeeper token put'", screen);
			assertThat(screen).contains("EXIT=0").contains("Stored");
		}
		finally {
			tmux("kill-session", "-t", session);
			Files.deleteIfExists(script);
		}
		Object stored = vault.root().read("botkeeper/data/tokens/" + repository).getData().get("data");
		assertThat(((Map<?, ?>) stored).get("token")).as("Vault holds what was typed").isEqualTo(token);
	}

	private static String awaitScreen(String session, String text, Duration timeout) throws Exception {
		Instant deadline = Instant.now().plus(timeout);
		String screen = "";
		while (Instant.now().isBefore(deadline)) {
			screen = tmux("capture-pane", "-p", "-J", "-S", "-100", "-t", session);
			if (screen.contains(text)) {
				return screen;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("the terminal never showed '" + text + "'; screen:\n" + LeakCanaries.redact(screen));
	}

	private static String tmux(String... args) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>(List.of("tmux", "-L", "botkeeper-tests"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(30, TimeUnit.SECONDS);
		return output;
	}

}
