package org.botkeeper.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.botkeeper.testsupport.ServeWorld.field;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.vault.support.VaultMount;

/**
 * How {@code serve} treats its AppRole credentials at start-up, through the real command line against
 * the real server: a wrapped secret id is looked up first and must come from the configured role's
 * {@code secret-id} endpoint (anything else is refused and left unused, so it can still be inspected),
 * and credential files that group or others may read are refused before they are read.
 */
@ExtendWith(VaultServerExtension.class)
// A serve that starts when it should not runs until stopped: fail after 2 minutes instead of hanging.
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServeStartupIntegrationTests {


	@TempDir
	Path dir;

	private VaultFixture vault;

	private String role;

	private String otherRole;

	@BeforeEach
	void roles(VaultFixture vault) throws IOException {
		this.vault = vault;
		if (!vault.root().opsForSys().getAuthMounts().containsKey("approle/")) {
			vault.root().opsForSys().authMount("approle", VaultMount.create("approle"));
		}
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		role = "bk-serve-" + suffix;
		otherRole = "bk-other-" + suffix;
		for (String name : List.of(role, otherRole)) {
			vault.root().write("auth/approle/role/" + name, Map.of("token_policies", List.of("default"), "token_ttl", 600));
		}
		Files.writeString(dir.resolve("role-id"), field(vault.rootCall("GET", "auth/approle/role/" + role + "/role-id", null, null),
				"role_id"));
		Files.setPosixFilePermissions(dir.resolve("role-id"), PosixFilePermissions.fromString("rw-------"));
	}

	@Test
	void aWrappedSecretIdOfAnotherRoleShouldStopStartUpAndStayUnused() throws IOException {
		String wrapped = wrappedSecretId(otherRole);

		CliRun serve = serve();

		assertThat(serve.exitCode()).as(serve.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(serve.err()).contains("The wrapping token in botkeeper.vault.secret-id-file was created by 'auth/approle/role/"
				+ otherRole + "/secret-id', not by 'auth/approle/role/" + role + "/secret-id'")
			.contains("swapped on its way here")
			.contains("vault write -f -wrap-ttl=10m auth/approle/role/" + role + "/secret-id");
		assertThat(vault.stillWrapped(wrapped)).as("the token was looked up, not unwrapped").isTrue();
	}

	@Test
	void anythingWrappedAnywhereElseShouldStopStartUp() throws IOException {
		String wrapped = vault.root().opsForWrapping()
			.wrap(Map.of("secret_id", LeakCanaries.plant(UUID.randomUUID().toString())), Duration.ofMinutes(5))
			.getToken()
			.getToken();
		LeakCanaries.plant(wrapped);
		writeSecretId(wrapped);

		CliRun serve = serve();

		assertThat(serve.exitCode()).as(serve.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(serve.err()).contains("was created by 'sys/wrapping/wrap', not by 'auth/approle/role/" + role
				+ "/secret-id'");
		assertThat(vault.stillWrapped(wrapped)).isTrue();
	}

	@Test
	void aWrappedSecretIdOfTheConfiguredRoleShouldBeUnwrappedAndUsed() throws IOException {
		String wrapped = wrappedSecretId(role);

		try (ConfigurableApplicationContext context = new SpringApplication(ServeApplication.class)
			.run(settings().toArray(String[]::new))) {
			assertThat(context.isRunning()).isTrue();
		}
		assertThat(vault.stillWrapped(wrapped)).as("unwrapped once, at start-up").isFalse();
	}

	@Test
	void credentialFilesThatOthersMayReadShouldStopStartUpWithTheFix() throws IOException {
		String wrapped = wrappedSecretId(role);
		Files.setPosixFilePermissions(dir.resolve("secret-id"), PosixFilePermissions.fromString("rw-r--r--"));

		CliRun secretId = serve();
		Files.setPosixFilePermissions(dir.resolve("secret-id"), PosixFilePermissions.fromString("rw-------"));
		Files.setPosixFilePermissions(dir.resolve("role-id"), PosixFilePermissions.fromString("rw-r-----"));
		CliRun roleId = serve();

		Path secretIdFile = dir.resolve("secret-id").toAbsolutePath();
		assertThat(secretId.exitCode()).as(secretId.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(secretId.err()).contains("botkeeper.vault.secret-id-file " + secretIdFile
				+ " can be read or written by group or others (mode rw-r--r--)").contains("Run: chmod 600 " + secretIdFile);
		Path roleIdFile = dir.resolve("role-id").toAbsolutePath();
		assertThat(roleId.exitCode()).as(roleId.describe()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(roleId.err()).contains("botkeeper.vault.role-id-file " + roleIdFile).contains("chmod 600 " + roleIdFile);
		assertThat(vault.stillWrapped(wrapped)).as("the secret id was never used").isTrue();
	}

	/** {@code botkeeper serve} with the files in {@link #dir}, as a person runs it. */
	private CliRun serve() {
		List<String> argv = new java.util.ArrayList<>(List.of("serve"));
		argv.addAll(settings());
		return CliRun.withEnv(Map.of("HOME", dir.toString()), "", argv.toArray(String[]::new));
	}

	private List<String> settings() {
		return List.of("--server.port=0", "--botkeeper.vault.address=" + vault.server().address(),
				"--botkeeper.vault.role-name=" + role,
				"--botkeeper.vault.role-id-file=" + dir.resolve("role-id").toAbsolutePath(),
				"--botkeeper.vault.secret-id-file=" + dir.resolve("secret-id").toAbsolutePath(),
				"--botkeeper.vault.secret-id-wrapped=true", "--botkeeper.schedule.interval=10m",
				"--botkeeper.github.api-url=http://127.0.0.1:9");
	}

	/** A secret id of {@code name}, response-wrapped as an operator hands it over, written to the secret-id file. */
	private String wrappedSecretId(String name) throws IOException {
		String wrapped = field(vault.rootCall("POST", "auth/approle/role/" + name + "/secret-id", "{}", "5m"), "token");
		LeakCanaries.plant(wrapped);
		writeSecretId(wrapped);
		return wrapped;
	}

	private void writeSecretId(String wrapped) throws IOException {
		Path file = dir.resolve("secret-id");
		Files.writeString(file, wrapped);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
	}

}
