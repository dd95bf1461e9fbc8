package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.testsupport.ServeWorld.field;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.ServeWithEnvironment;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.VaultConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.vault.support.VaultMount;

/**
 * {@code serve} as an operator meets it: one start-up line naming what it runs against; a start-up
 * failure as one paragraph naming the setting (the real {@code botkeeper serve} in a child JVM, its whole
 * output read), not a framework stack trace; and a wrapped AppRole secret id given without
 * {@code botkeeper.vault.secret-id-wrapped} (or a plain one with it) refused at login saying so, against
 * the real Vault.
 */
@ExtendWith({ VaultServerExtension.class, OutputCaptureExtension.class })
class ServeOperabilityIntegrationTests {

	private static final Path OUTPUTS = Path.of(System.getProperty("user.dir"), "target", "serve-startup");


	@TempDir
	Path dir;

	private VaultFixture vault;

	private int runs;

	@BeforeEach
	void setUp(VaultFixture vault) {
		this.vault = vault;
	}

	@Test
	void serveShouldLogOneStartUpLineWithVaultGitHubMountsAndSchedule(CapturedOutput output) {
		String token = LeakCanaries.plant("hvs." + UUID.randomUUID().toString().replace("-", ""));
		Map<String, String> env = Map.of("VAULT_ADDR", "https://127.0.0.2:8200", "VAULT_TOKEN", token, "VAULT_NAMESPACE",
				"admin", "GITHUB_API_URL", "https://ghe.example.org/api/v3", "BOTKEEPER_KV_MOUNT", "team-kv",
				"HOME", dir.toString());

		try (ConfigurableApplicationContext context = ServeWithEnvironment.start(env, WebApplicationType.SERVLET,
				"--server.port=0", "--botkeeper.schedule.interval=10m", "--botkeeper.schedule.max-backoff=1h")) {
			String port = context.getEnvironment().getProperty("local.server.port");
			List<String> lines = output.getAll().lines().filter(line -> line.contains("botkeeper serve: Vault")).toList();

			assertThat(lines).as(output.getAll()).hasSize(1);
			assertThat(lines.get(0)).endsWith("botkeeper serve: Vault https://127.0.0.2:8200 namespace admin (login: the token "
					+ "in VAULT_TOKEN (or ~/.vault-token)), GitHub API https://ghe.example.org/api/v3, mounts team-kv and "
					+ "botkeeper-totp, sync every 10m (backing off up to 1h), changes polled every 2s, writes 1s apart, status page on 127.0.0.1:" + port);
		}
		LeakCanaries.assertNoLeak("serve's log", output.getAll());
	}

	@Test
	void aStartUpFailureShouldBeOneParagraphNamingTheSettingNotAStackTrace() throws Exception {
		Map<String, Map<String, String>> cases = Map.of(
				"GITHUB_API_URL must be an http(s) URL such as https://api.github.com, got 'ftp://ghe.example.org'",
				Map.of("GITHUB_API_URL", "ftp://ghe.example.org"),
				"VAULT_ADDR and BAO_ADDR are both set and differ ('https://127.0.0.2:8200' and 'https://127.0.0.3:8200')",
				Map.of("VAULT_ADDR", "https://127.0.0.2:8200", "BAO_ADDR", "https://127.0.0.3:8200"),
				"BOTKEEPER_WRITE_GAP='half a second' is not a duration",
				Map.of("BOTKEEPER_WRITE_GAP", "half a second"));
		for (Map.Entry<String, Map<String, String>> failure : cases.entrySet()) {
			Run serve = botkeeperServe(failure.getValue());

			assertThat(serve.exitCode()).as(serve.output()).isEqualTo(ExitCodes.BAD_INPUT);
			assertThat(serve.output()).contains("APPLICATION FAILED TO START").contains(failure.getKey());
			assertThat(serve.output().lines().filter(line -> line.startsWith("\tat ") || line.startsWith("Caused by:")))
				.as("no stack trace in:\n" + serve.output())
				.isEmpty();
			assertThat(serve.output().lines().count()).as(serve.output()).isLessThan(30);
		}
	}

	@Test
	void aWrappedSecretIdWithoutTheWrappedSettingShouldBeRefusedAtLoginAndStayUnused() throws IOException {
		String role = role();
		String wrapped = field(vault.rootCall("POST", "auth/approle/role/" + role + "/secret-id", "{}", "5m"), "token");
		LeakCanaries.plant(wrapped);
		writeCredentials(role, wrapped);

		String refusal = refusal(appRole(role, false));

		assertThat(refusal).contains("botkeeper.vault.secret-id-file holds a response-wrapping token, not a secret id")
			.contains("Set botkeeper.vault.secret-id-wrapped=true");
		assertThat(vault.stillWrapped(wrapped)).as("looked up, not unwrapped").isTrue();
	}

	@Test
	void aPlainSecretIdWithTheWrappedSettingShouldBeRefusedAtLoginSayingSo() throws IOException {
		String role = role();
		writeCredentials(role, plainSecretId(role));

		String refusal = refusal(appRole(role, true));

		assertThat(refusal).contains("botkeeper.vault.secret-id-wrapped is true, but botkeeper.vault.secret-id-file holds "
				+ "a plain AppRole secret id");
	}

	@Test
	void aPlainSecretIdWithoutTheWrappedSettingShouldLogIn() throws IOException {
		String role = role();
		writeCredentials(role, plainSecretId(role));

		try (ConfigurableApplicationContext serve = ServeWithEnvironment.start(Map.of("HOME", dir.toString()),
				WebApplicationType.NONE, appRole(role, false).toArray(String[]::new))) {
			assertThat(serve.getBean(VaultConnection.class).token().isEmpty()).as("logged in").isFalse();
		}
	}

	/** An AppRole role of this test's own (policy default) on the run's Vault. */
	private String role() {
		if (!vault.root().opsForSys().getAuthMounts().containsKey("approle/")) {
			vault.root().opsForSys().authMount("approle", VaultMount.create("approle"));
		}
		String role = "bk-visible-" + UUID.randomUUID().toString().substring(0, 8);
		vault.root().write("auth/approle/role/" + role, Map.of("token_policies", List.of("default"), "token_ttl", 600));
		return role;
	}

	private String plainSecretId(String role) {
		String secretId = field(vault.rootCall("POST", "auth/approle/role/" + role + "/secret-id", "{}", null), "secret_id");
		return LeakCanaries.plant(secretId);
	}

	/** The credential files as an operator hands them over: readable by the broker's user only. */
	private void writeCredentials(String role, String secretId) throws IOException {
		Files.writeString(dir.resolve("role-id"), field(vault.rootCall("GET", "auth/approle/role/" + role + "/role-id", null, null),
				"role_id"));
		Files.writeString(dir.resolve("secret-id"), secretId);
		for (String file : List.of("role-id", "secret-id")) {
			Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-------"));
		}
	}

	private List<String> appRole(String role, boolean wrapped) {
		List<String> args = new ArrayList<>(List.of("--botkeeper.vault.address=" + vault.server().address(),
				"--botkeeper.vault.role-id-file=" + dir.resolve("role-id"),
				"--botkeeper.vault.secret-id-file=" + dir.resolve("secret-id"), "--botkeeper.schedule.interval=1h",
				"--botkeeper.schedule.max-backoff=1h", "--botkeeper.github.api-url=https://127.0.0.1:9"));
		if (wrapped) {
			args.add("--botkeeper.vault.secret-id-wrapped=true");
		}
		return args;
	}

	/** The refusal serve's start-up ends in, as the failure analysis shows it. */
	private String refusal(List<String> args) {
		try (ConfigurableApplicationContext serve = ServeWithEnvironment.start(Map.of("HOME", dir.toString()),
				WebApplicationType.NONE, args.toArray(String[]::new))) {
			throw new AssertionError("serve started, but should have refused its secret id");
		}
		catch (RuntimeException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof UserFacingException refusal) {
					assertThat(refusal.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
					return refusal.getMessage();
				}
			}
			throw new AssertionError("not a refusal of ours", ex);
		}
	}

	private record Run(int exitCode, String output) {

	}

	/** {@code botkeeper serve} in a child JVM with {@code env} only; stdout and stderr read together. */
	private Run botkeeperServe(Map<String, String> env) throws Exception {
		Files.createDirectories(OUTPUTS);
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				classPath.isBlank() ? System.getProperty("java.class.path") : classPath, "org.botkeeper.Botkeeper", "serve",
				"--server.port=0", "--botkeeper.schedule.interval=1h", "--botkeeper.schedule.max-backoff=1h");
		Map<String, String> variables = new HashMap<>(env);
		variables.put("HOME", dir.toString());
		variables.putIfAbsent("VAULT_TOKEN", LeakCanaries.plant("hvs." + UUID.randomUUID().toString().replace("-", "")));
		variables.put("PATH", System.getenv("PATH"));
		builder.environment().clear();
		builder.environment().putAll(variables);
		Path out = OUTPUTS.resolve(getClass().getSimpleName() + "-" + ProcessHandle.current().pid() + "-" + (++runs) + ".txt");
		builder.redirectErrorStream(true).redirectOutput(out.toFile());
		Process process = builder.start();
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("botkeeper serve did not stop within 120 s:\n" + Files.readString(out));
		}
		String output = Files.readString(out);
		LeakCanaries.assertNoLeak("botkeeper serve's output", output);
		return new Run(process.exitValue(), output);
	}

}
