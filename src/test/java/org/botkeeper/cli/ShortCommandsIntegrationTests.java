package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;

import org.botkeeper.Botkeeper;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ShortCommands} runs {@code --version}, {@code totp}, {@code totp code} and {@code account password}
 * without picocli. Each is run here both ways, through the short path and through the full command line,
 * with the same terminal and environment, and must print the same lines and exit with the same code: on
 * success and on every failure a person meets (Vault down, a token without the policy, no token, a bad
 * mount, a missing record, a terminal for the password).
 */
@ExtendWith(VaultServerExtension.class)
class ShortCommandsIntegrationTests {

	/** Mounts of this class alone: other classes delete and re-import the default TOTP key while they run. */
	private static final String KV = "botkeeper-short";

	private static final String TOTP = "botkeeper-totp-short";

	private static final String EMPTY_KV = "botkeeper-short-empty";

	/** A made-up value, compared by hand: this class prints it on purpose. */
	private static final String PASSWORD = "made-up-password-for-the-comparison";

	private static final List<List<String>> VAULT_COMMANDS = List.of(List.of("totp"), List.of("totp", "code"),
			List.of("account", "password"));

	private record Outcome(int exitCode, String out, String err) {
	}

	@BeforeAll
	static void records(VaultFixture vault) {
		vault.ensureKv2(KV);
		vault.ensureKv2(EMPTY_KV);
		vault.ensureTotp(TOTP);
		vault.root().write(KV + "/data/account", Map.of("data", Map.of("login", "short-bot", "password", PASSWORD)));
		vault.root()
			.write(TOTP + "/keys/account", Map.of("url",
					"otpauth://totp/GitHub:short-bot?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=GitHub"));
	}

	@Test
	void eachShortCommandShouldAnswerAsTheFullCommandLineDoes(VaultFixture vault) throws Exception {
		Map<String, String> env = env(vault, vault.server().rootToken());

		Outcome version = same(env, false, "--version");
		same(env, false, "-V");
		Outcome totp = same(env, false, "totp");
		Outcome code = same(env, false, "totp", "code");
		Outcome password = same(env, false, "account", "password");

		assertThat(version.exitCode()).isZero();
		assertThat(version.out()).startsWith("botkeeper ").contains("\nJava ");
		assertThat(totp.exitCode()).as(totp.err()).isZero();
		assertThat(totp.out()).matches("[0-9]{6}\\R");
		assertThat(totp.err()).matches("\\(valid for [0-9]+ more seconds?\\)\\R");
		assertThat(code).isEqualTo(totp);
		assertThat(password.exitCode()).as(password.err()).isZero();
		assertThat(password.out().strip()).isEqualTo(PASSWORD);
	}

	@Test
	void failuresShouldReadAndExitAsOnTheFullCommandLine(VaultFixture vault) throws Exception {
		Map<String, String> root = env(vault, vault.server().rootToken());
		Map<String, String> down = with(root, "VAULT_ADDR", "http://127.0.0.1:1");
		Map<String, String> noPolicy = env(vault, vault.tokenWithPolicies("default"));
		Map<String, String> noToken = with(root, "VAULT_TOKEN", null);
		Map<String, String> badMount = with(root, "BOTKEEPER_KV_MOUNT", "no such/../mount");
		Map<String, String> noRecords = with(with(root, "BOTKEEPER_KV_MOUNT", EMPTY_KV), "BOTKEEPER_TOTP_MOUNT", EMPTY_KV);

		for (List<String> command : VAULT_COMMANDS) {
			String[] args = command.toArray(String[]::new);
			assertThat(same(down, false, args).exitCode()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(same(down, false, args).err()).contains("cannot reach Vault at http://127.0.0.1:1");
			Outcome denied = same(noPolicy, false, args);
			assertThat(denied.exitCode()).as(denied.err()).isEqualTo(ExitCodes.REMOTE_FAILURE);
			assertThat(denied.err()).contains("403");
			Outcome tokenless = same(noToken, false, args);
			assertThat(tokenless.exitCode()).as(tokenless.err()).isNotZero();
			assertThat(tokenless.err()).contains("VAULT_TOKEN");
			Outcome missing = same(noRecords, false, args);
			assertThat(missing.exitCode()).as(missing.err()).isNotZero();
			assertThat(missing.err()).isNotBlank();
		}
		Outcome mount = same(badMount, false, "account", "password");
		assertThat(mount.exitCode()).as(mount.err()).isEqualTo(ExitCodes.BAD_INPUT);
		Outcome screen = same(root, true, "account", "password");
		assertThat(screen.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(screen.err()).contains("Not printing the bot's password on a terminal");
		assertThat(screen.out()).isEmpty();
	}

	@Test
	void onlyTheExactShortFormsShouldSkipPicocli() {
		assertThat(ShortCommands.handles("totp")).isTrue();
		assertThat(ShortCommands.handles("totp", "code")).isTrue();
		assertThat(ShortCommands.handles("account", "password")).isTrue();
		assertThat(ShortCommands.handles("--version")).isTrue();
		assertThat(ShortCommands.handles("-V")).isTrue();
		for (List<String> other : List.<List<String>>of(List.of(), List.of("totp", "--fresh"), List.of("totp", "--help"),
				List.of("totp", "--format", "json"), List.of("account", "password", "--show"), List.of("--version", "x"),
				List.of("totp", "code", "--kv-mount", "x"), List.of("account"), List.of("help", "totp"),
				List.of("TOTP"), List.of("totp code"))) {
			assertThat(ShortCommands.handles(other.toArray(String[]::new))).as(other.toString()).isFalse();
			assertThat(ShortCommands.run(Terminal.pipe(new ByteArrayInputStream(new byte[0])), Map.of(), List.of(),
					new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), other.toArray(String[]::new)))
				.as(other.toString())
				.isEmpty();
		}
	}

	/**
	 * Runs {@code args} through the short path and through the full command line and asserts they agree; a
	 * TOTP code may roll over between the two runs, so digits are compared as digits.
	 */
	private static Outcome same(Map<String, String> env, boolean stdoutIsTerminal, String... args) {
		Supplier<Terminal> terminal = () -> Terminal.pipe(new ByteArrayInputStream(new byte[0]), stdoutIsTerminal);
		StringWriter shortOut = new StringWriter();
		StringWriter shortErr = new StringWriter();
		OptionalInt shortCode = ShortCommands.run(terminal.get(), env, List.of(), new PrintWriter(shortOut, true),
				new PrintWriter(shortErr, true), args);
		assertThat(shortCode).as("the short path runs " + List.of(args)).isPresent();

		StringWriter fullOut = new StringWriter();
		StringWriter fullErr = new StringWriter();
		var commandLine = Botkeeper.commandLine(terminal.get(), env);
		commandLine.setOut(new PrintWriter(fullOut, true));
		commandLine.setErr(new PrintWriter(fullErr, true));
		int fullCode = commandLine.execute(args);

		Outcome viaShort = new Outcome(shortCode.getAsInt(), digits(shortOut.toString()), digits(shortErr.toString()));
		Outcome viaPicocli = new Outcome(fullCode, digits(fullOut.toString()), digits(fullErr.toString()));
		assertThat(viaShort).as(List.of(args) + " with " + env.keySet()).isEqualTo(viaPicocli);
		return new Outcome(shortCode.getAsInt(), shortOut.toString(), shortErr.toString());
	}

	private static String digits(String text) {
		return text.replaceAll("\\b[0-9]{6}\\b", "CODE").replaceAll("valid for [0-9]+ more", "valid for N more");
	}

	private static Map<String, String> env(VaultFixture vault, String token) throws Exception {
		Map<String, String> env = new HashMap<>();
		env.put("VAULT_ADDR", vault.server().address().toString());
		env.put("VAULT_TOKEN", token);
		env.put("HOME", Files.createTempDirectory("botkeeper-home-").toString());
		env.put("BOTKEEPER_KV_MOUNT", KV);
		env.put("BOTKEEPER_TOTP_MOUNT", TOTP);
		return env;
	}

	private static Map<String, String> with(Map<String, String> env, String name, String value) {
		Map<String, String> copy = new HashMap<>(env);
		if (value == null) {
			copy.remove(name);
		}
		else {
			copy.put(name, value);
		}
		return copy;
	}

}
