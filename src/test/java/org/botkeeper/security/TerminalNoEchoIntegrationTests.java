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

import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No echo on a real terminal: botkeeper runs as a child JVM inside a tmux pane (a real pty with a
 * controlling terminal), a person's keystrokes are sent to it, and the screen is captured: a secret
 * never shows on it, whether stdout is the terminal, a file or a pipe, and Vault holds exactly what was
 * typed. The settings reach the child through a script file (mode 700, deleted afterwards), never
 * through argv. tmux comes from Debian's packages (.ci/run installs it).
 */
@ExtendWith(VaultServerExtension.class)
class TerminalNoEchoIntegrationTests {

	private VaultFixture vault;

	private String owner;

	private Path dir;

	@BeforeEach
	void setUp(VaultFixture vault) throws IOException {
		this.vault = vault;
		vault.ensureKv2("botkeeper");
		vault.writePolicy("botkeeper-admin");
		owner = "pty" + UUID.randomUUID().toString().substring(0, 8);
		dir = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "pty"));
	}

	@Test
	void tokenPutShouldNotEchoTheTokenOnARealTerminal() throws Exception {
		String repository = owner + "/echo";
		String token = LeakCanaries.fineGrainedPat();

		String screen = inPane("token put " + repository, "Token for " + repository, token);

		LeakCanaries.assertNoLeak("the terminal screen of 'botkeeper token put'", screen);
		assertThat(screen).contains("EXIT=0").contains("Stored");
		assertThat(stored(repository)).as("Vault holds what was typed").isEqualTo(token);
	}

	@Test
	void tokenPutWithStdoutInAFileShouldStillPromptOnTheTerminalWithEchoOff() throws Exception {
		String repository = owner + "/to-file";
		String token = LeakCanaries.fineGrainedPat();
		Path out = dir.resolve("token-put-" + owner + ".out");
		try {
			String screen = inPane("token put " + repository + " > '" + out + "'", "Token for " + repository, token);

			LeakCanaries.assertNoLeak("the terminal screen of 'botkeeper token put > out.txt'", screen);
			assertThat(screen).contains("EXIT=0");
			String file = Files.readString(out);
			LeakCanaries.assertNoLeak("the stdout file of 'botkeeper token put > out.txt'", file);
			assertThat(file).as("data only: the prompt went to the terminal").contains("Stored").doesNotContain("Token for");
		}
		finally {
			Files.deleteIfExists(out);
		}
		assertThat(stored(repository)).as("Vault holds what was typed").isEqualTo(token);
	}

	@Test
	void botTokenSetPipedIntoTeeShouldNotEchoTheToken() throws Exception {
		String token = LeakCanaries.classicPat();
		Path log = dir.resolve("bot-token-" + owner + ".log");
		try {
			String screen = inPane("bot-token set | tee '" + log + "'", "The bot's token", token);

			LeakCanaries.assertNoLeak("the terminal screen of 'botkeeper bot-token set | tee log'", screen);
			assertThat(screen).contains("EXIT=0").contains("Stored the bot's token");
			LeakCanaries.assertNoLeak("the log of 'botkeeper bot-token set | tee log'", Files.readString(log));
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	@Test
	void accountPasswordShouldRefuseAScreenEvenWhenStdinIsAPipe() throws Exception {
		String password = LeakCanaries.password();
		CliRun set = VaultCli.as(vault, vault.tokenWithPolicies("botkeeper-admin"))
			.withStdin(password + "\n", "account", "set", "--login", "jupyterhub-bot");
		assertThat(set.exitCode()).as(set.describe()).isZero();

		String screen = inPane("account password < /dev/null", null, null);

		LeakCanaries.assertNoLeak("the terminal screen of 'botkeeper account password < /dev/null'", screen);
		assertThat(screen).contains("Not printing the bot's password on a terminal").contains("EXIT=2");
	}

	/**
	 * Runs {@code botkeeper ARGS} (shell syntax, so redirections work) in a fresh tmux pane as the admin,
	 * waits for {@code prompt} (if any), types {@code typed}, and returns the screen once it exits.
	 */
	private String inPane(String args, String prompt, String typed) throws Exception {
		Path script = dir.resolve("botkeeper-" + owner + "-" + UUID.randomUUID().toString().substring(0, 4) + ".sh");
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Files.writeString(script, "#!/bin/sh\nexport VAULT_ADDR='" + vault.server().address() + "'\nexport VAULT_TOKEN='"
				+ vault.tokenWithPolicies("botkeeper-admin") + "'\n'" + Path.of(System.getProperty("java.home"), "bin", "java")
				+ "' -cp '" + classPath + "' org.botkeeper.Botkeeper " + args + "\n");
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
		String session = "botkeeper-" + owner;
		try {
			tmux("new-session", "-d", "-s", session, "-x", "220", "-y", "50", "sh -c '" + script + "; echo EXIT=$?; sleep 60'");
			if (prompt != null) {
				assertThat(awaitScreen(session, prompt, Duration.ofSeconds(60))).contains(prompt);
				tmux("send-keys", "-t", session, "-l", typed);
				tmux("send-keys", "-t", session, "Enter");
			}
			return awaitScreen(session, "EXIT=", Duration.ofSeconds(60));
		}
		finally {
			tmux("kill-session", "-t", session);
			Files.deleteIfExists(script);
		}
	}

	private Object stored(String repository) {
		Object data = vault.root().read("botkeeper/data/tokens/" + repository).getData().get("data");
		return ((Map<?, ?>) data).get("token");
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
