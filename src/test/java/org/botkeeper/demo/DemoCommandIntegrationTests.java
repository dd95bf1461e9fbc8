package org.botkeeper.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.devvault.DevVault;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, run as a newcomer would: it must finish with every token proven on the
 * simulated GitHub, say loudly that GitHub is simulated, and never print a secret value.
 */
class DemoCommandIntegrationTests {

	/** On the engine this test run was asked for (the CI's second pass asks for HashiCorp Vault), else any. */
	@Test
	void demoShouldSyncEveryTokenAndProveItWithoutPrintingAnySecret() {
		Optional<DevVault.Engine> engine = VaultServerExtension.requestedEngine();
		CliRun run = engine.isPresent() ? CliRun.run("demo", "--engine", engine.get().name().toLowerCase(Locale.ROOT))
				: CliRun.run("demo");
		assertThat(run.exitCode()).as(run.describe() + "\nstdout:\n" + run.out()).isZero();
		engine.ifPresent(asked -> assertThat(run.out()).as("the demo ran on the engine asked for")
			.containsPattern("(?m)^.*Vault: " + asked.displayName() + " \\S+ at "));
		assertThat(run.out()).contains("GitHub is SIMULATED")
			.contains("Done: 3 applied, 0 unchanged, 0 blocked, 0 failed, 0 skipped.")
			.contains("Demo finished: every token in Vault is in its repository's environment secret.");
		assertThat(run.out().lines().filter(line -> line.startsWith("  OK   demo-org/"))).hasSize(3);
		// The demo makes its secrets itself, so look for their shapes rather than their values.
		assertThat(run.out() + run.err()).doesNotContainPattern("ghp_[A-Za-z0-9]{36}")
			.doesNotContainPattern("github_pat_[A-Za-z0-9_]{82}")
			.doesNotContainPattern("secret=[A-Z2-7]{32}");
	}

	@Test
	void anUnknownEngineShouldBeRefusedBeforeAnythingStarts() {
		CliRun run = CliRun.run("demo", "--engine", "consul");

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(run.err()).contains("unknown engine 'consul': use 'openbao' or 'vault'");
		assertThat(run.out()).doesNotContain("Vault: ");
	}

	/**
	 * {@code demo --keep} in a process of its own, stopped the way a person stops it (SIGINT, as Ctrl-C
	 * sends): in between, the printed address and tokens work for real commands.
	 */
	@Test
	void demoKeepShouldLeaveVaultAndTheSimulatorRunningForRealCommandsUntilCtrlC(@TempDir Path dir) throws Exception {
		Path stdout = dir.resolve("demo.out");
		Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				classPath(), "org.botkeeper.Botkeeper", "demo", "--keep")
			.redirectOutput(stdout.toFile())
			.redirectError(dir.resolve("demo.err").toFile())
			.start();
		try {
			String out = awaitOutput(stdout, "Press Ctrl-C", demo);
			String vaultAddr = find(out, "export VAULT_ADDR=(\\S+)");
			String githubUrl = find(out, "export GITHUB_API_URL=(\\S+)");
			Map<String, String> admin = env(vaultAddr, githubUrl, find(out, "admin \\(botkeeper-admin\\): export VAULT_TOKEN=(\\S+)"), dir);
			Map<String, String> broker = env(vaultAddr, githubUrl,
					find(out, "broker \\(botkeeper-broker\\): export VAULT_TOKEN=(\\S+)"), dir);

			CliRun list = CliRun.withEnv(admin, "", "token", "list");
			CliRun totp = CliRun.withEnv(admin, "", "totp");
			CliRun plan = CliRun.withEnv(broker, "", "sync", "--plan", "--detailed-exitcode", "demo-org/binderhub",
					"demo-org/repo2docker", "demo-org/jupyterhub");
			List<ProcessHandle> children = demo.descendants().toList();
			new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor();
			boolean exited = demo.waitFor(30, TimeUnit.SECONDS);

			assertThat(list.exitCode()).as(list.describe()).isZero();
			assertThat(list.out()).contains("demo-org/binderhub").contains("demo-org/jupyterhub");
			assertThat(totp.out()).containsPattern("^\\d{6}\\b");
			assertThat(plan.exitCode()).as("everything is synced already: " + plan.describe()).isZero();
			assertThat(plan.out()).contains("NOOP");
			assertThat(exited).as("demo --keep stops on Ctrl-C").isTrue();
			assertThat(Files.readString(stdout)).contains("Stopping the dev Vault and the simulated GitHub.");
			assertThat(children).as("the dev Vault the demo started").isNotEmpty().noneMatch(ProcessHandle::isAlive);
			assertThat(refuses(URI.create(vaultAddr))).as("Vault stopped").isTrue();
			assertThat(refuses(URI.create(githubUrl))).as("the simulator stopped").isTrue();
		}
		finally {
			demo.descendants().forEach(ProcessHandle::destroyForcibly);
			demo.destroyForcibly();
		}
	}

	private static Map<String, String> env(String vaultAddr, String githubUrl, String token, Path home) {
		Map<String, String> env = new HashMap<>();
		env.put("VAULT_ADDR", vaultAddr);
		env.put("VAULT_TOKEN", token);
		env.put("GITHUB_API_URL", githubUrl);
		env.put("BOTKEEPER_WRITE_GAP", "0s");
		env.put("HOME", home.toString());
		return env;
	}

	private static String awaitOutput(Path file, String marker, Process process) throws IOException, InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			String out = Files.readString(file);
			if (out.contains(marker)) {
				return out;
			}
			assertThat(process.isAlive()).as("demo --keep ended early:\n" + out).isTrue();
			Thread.sleep(200);
		}
		throw new AssertionError("demo --keep printed no '" + marker + "' within 3 minutes:\n" + Files.readString(file));
	}

	private static String find(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		assertThat(matcher.find()).as(regex + " in:\n" + text).isTrue();
		return matcher.group(1);
	}

	private static boolean refuses(URI address) throws IOException {
		try (Socket socket = new Socket(address.getHost(), address.getPort())) {
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
	}

	private static String classPath() {
		String surefire = System.getProperty("surefire.test.class.path");
		return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
	}

}
