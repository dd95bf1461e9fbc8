package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.GitHubLimits;
import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.ServeWithEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One settings model: each row sets environment variables as a person exports them, and the broker
 * that {@code sync}/{@code status} assemble ({@link BrokerContext}) and the one the real {@code serve}
 * assembles (its Spring application, handed the same variables) must read the same value, or refuse
 * with the same message. No Vault is needed: both connect lazily, and nothing here logs in.
 *
 * <p>Stopping serve takes 30 s while its scheduler waits for a run an hour away, so rows that set
 * different settings share one serve start ({@link #group}); rows that set one setting under two names
 * (VAULT_ADDR and BAO_ADDR) never share one.
 */
class SettingsTableIntegrationTests {

	private static final Path DIR = directory();

	private static final String TOKEN = LeakCanaries.plant("hvs." + java.util.UUID.randomUUID().toString().replace("-", ""));

	private static final String OTHER_TOKEN = LeakCanaries.plant("s." + java.util.UUID.randomUUID().toString().replace("-", ""));

	private static final Path CA = certificate("ca");

	private static final Path OTHER_CA = certificate("other-ca");

	/** What a broker was assembled with: everything both read, the token compared without showing it. */
	private record Read(URI vaultAddress, String namespace, Path caCert, SecretValue token, URI githubApi,
			Duration writeGap, GitHubLimits github, String kvMount, String totpMount, String environment,
			String secretName) {

		static Read of(BrokerAssembly broker) {
			var vault = broker.vault().settings();
			var settings = broker.settings();
			return new Read(vault.address(), vault.namespace(), vault.caCert(), broker.vault().token(),
					settings.api().base(), settings.writeGap(), settings.github(), settings.layout().kvMount(),
					settings.layout().totpMount(), settings.defaults().environment().value(),
					settings.defaults().secretName().value());
		}

		long writesPerMinute() {
			return github.writesPerMinute().amount();
		}

		long writesPerHour() {
			return github.writesPerHour().amount();
		}

		long pointsPerMinute() {
			return github.pointsPerMinute().amount();
		}

		int concurrency() {
			return github.concurrency();
		}

	}

	private static Arguments row(String setting, Map<String, String> variables, Function<Read, Object> read,
			Object expected) {
		return Arguments.of(setting, variables, read, expected);
	}

	static Stream<Arguments> table() {
		return Stream.of(
				row("nothing set: the defaults", Map.of(), Read::githubApi, URI.create("https://api.github.com")),
				row("nothing set: the defaults", Map.of(), Read::vaultAddress, URI.create("https://127.0.0.1:8200")),
				row("nothing set: the defaults", Map.of(), Read::writeGap, Duration.ofSeconds(1)),
				row("nothing set: the defaults", Map.of(), Read::kvMount, "botkeeper"),
				row("nothing set: the defaults", Map.of(), Read::writesPerMinute, 72L),
				row("nothing set: the defaults", Map.of(), Read::writesPerHour, 450L),
				row("nothing set: the defaults", Map.of(), Read::pointsPerMinute, 810L),
				row("nothing set: the defaults", Map.of(), Read::concurrency, 1),
				row("VAULT_ADDR", Map.of("VAULT_ADDR", "https://127.0.0.2:8200"), Read::vaultAddress,
						URI.create("https://127.0.0.2:8200")),
				row("BAO_ADDR", Map.of("BAO_ADDR", "https://127.0.0.3:8200"), Read::vaultAddress,
						URI.create("https://127.0.0.3:8200")),
				row("VAULT_ADDR and BAO_ADDR agreeing", Map.of("VAULT_ADDR", "https://127.0.0.2:8200", "BAO_ADDR",
						"https://127.0.0.2:8200"), Read::vaultAddress, URI.create("https://127.0.0.2:8200")),
				row("VAULT_TOKEN", Map.of("VAULT_TOKEN", OTHER_TOKEN), Read::token, SecretValue.of(OTHER_TOKEN)),
				row("BAO_TOKEN", Map.of("VAULT_TOKEN", "", "BAO_TOKEN", OTHER_TOKEN), Read::token,
						SecretValue.of(OTHER_TOKEN)),
				row("VAULT_NAMESPACE", Map.of("VAULT_NAMESPACE", "admin"), Read::namespace, "admin"),
				row("BAO_NAMESPACE", Map.of("BAO_NAMESPACE", "team"), Read::namespace, "team"),
				row("VAULT_CACERT", Map.of("VAULT_CACERT", CA.toString()), Read::caCert, CA),
				row("BAO_CACERT", Map.of("BAO_CACERT", OTHER_CA.toString()), Read::caCert, OTHER_CA),
				row("GITHUB_API_URL", Map.of("GITHUB_API_URL", "https://ghe.example.org/api/v3/"), Read::githubApi,
						URI.create("https://ghe.example.org/api/v3")),
				row("BOTKEEPER_WRITE_GAP in ms", Map.of("BOTKEEPER_WRITE_GAP", "500ms"), Read::writeGap,
						Duration.ofMillis(500)),
				row("BOTKEEPER_WRITE_GAP in minutes", Map.of("BOTKEEPER_WRITE_GAP", "1m"), Read::writeGap,
						Duration.ofMinutes(1)),
				row("BOTKEEPER_WRITE_GAP in ISO-8601", Map.of("BOTKEEPER_WRITE_GAP", "PT2S"), Read::writeGap,
						Duration.ofSeconds(2)),
				row("BOTKEEPER_WRITE_GAP without a unit (milliseconds)", Map.of("BOTKEEPER_WRITE_GAP", "250"),
						Read::writeGap, Duration.ofMillis(250)),
				row("BOTKEEPER_WRITES_PER_MINUTE", Map.of("BOTKEEPER_WRITES_PER_MINUTE", "40"), Read::writesPerMinute, 40L),
				row("BOTKEEPER_WRITES_PER_HOUR", Map.of("BOTKEEPER_WRITES_PER_HOUR", "300"), Read::writesPerHour, 300L),
				row("BOTKEEPER_POINTS_PER_MINUTE", Map.of("BOTKEEPER_POINTS_PER_MINUTE", " 600 "), Read::pointsPerMinute,
						600L),
				row("BOTKEEPER_GITHUB_CONCURRENCY", Map.of("BOTKEEPER_GITHUB_CONCURRENCY", "4"), Read::concurrency, 4),
				row("BOTKEEPER_KV_MOUNT", Map.of("BOTKEEPER_KV_MOUNT", "team-kv"), Read::kvMount, "team-kv"),
				row("BOTKEEPER_TOTP_MOUNT", Map.of("BOTKEEPER_TOTP_MOUNT", "team-totp"), Read::totpMount, "team-totp"),
				row("BOTKEEPER_ACCOUNT", Map.of("BOTKEEPER_ACCOUNT", "Alice-Bot"), Read::kvMount, "botkeeper-alice-bot"),
				row("BOTKEEPER_ACCOUNT", Map.of("BOTKEEPER_ACCOUNT", "Alice-Bot"), Read::totpMount,
						"botkeeper-totp-alice-bot"),
				row("BOTKEEPER_ENVIRONMENT", Map.of("BOTKEEPER_ENVIRONMENT", "deploy"), Read::environment, "deploy"),
				row("BOTKEEPER_SECRET_NAME", Map.of("BOTKEEPER_SECRET_NAME", "BOT_TOKEN"), Read::secretName, "BOT_TOKEN"));
	}

	static Stream<Arguments> refusals() {
		return Stream.of(
				Arguments.of(Map.of("VAULT_ADDR", "https://127.0.0.2:8200", "BAO_ADDR", "https://127.0.0.3:8200"),
						"VAULT_ADDR and BAO_ADDR are both set and differ"),
				Arguments.of(Map.of("BAO_TOKEN", OTHER_TOKEN), "VAULT_TOKEN and BAO_TOKEN are both set and differ."),
				Arguments.of(Map.of("BOTKEEPER_WRITE_GAP", "0.5s"), "BOTKEEPER_WRITE_GAP='0.5s' is not a duration"),
				Arguments.of(Map.of("BOTKEEPER_WRITES_PER_HOUR", "lots"),
						"BOTKEEPER_WRITES_PER_HOUR='lots' is not a whole number: write e.g. 450."),
				Arguments.of(Map.of("BOTKEEPER_POINTS_PER_MINUTE", "0"),
						"BOTKEEPER_POINTS_PER_MINUTE must be at least 1, got '0'."),
				Arguments.of(Map.of("BOTKEEPER_GITHUB_CONCURRENCY", "101"),
						"BOTKEEPER_GITHUB_CONCURRENCY must be between 1 and 100, got '101'."),
				Arguments.of(Map.of("GITHUB_API_URL", "ftp://ghe.example.org"), "GITHUB_API_URL must be an http(s) URL"),
				Arguments.of(Map.of("BOTKEEPER_ACCOUNT", "alice", "BOTKEEPER_KV_MOUNT", "team-kv"),
						"BOTKEEPER_ACCOUNT and BOTKEEPER_KV_MOUNT both choose where the bot's records are"),
				Arguments.of(Map.of("BOTKEEPER_ACCOUNT", "bad_name"), "Invalid account 'bad_name'"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void eachSettingShouldMeanTheSameToTheCliAndToServe(String setting, Map<String, String> variables,
			Function<Read, Object> read, Object expected) {
		Map<String, String> env = environment(group(variables));

		Object cli = read.apply(Read.of(cli(env)));
		Object serve = read.apply(SERVED.computeIfAbsent(env, SettingsTableIntegrationTests::served));

		assertThat(cli).as("the CLI's " + setting).isEqualTo(expected);
		assertThat(serve).as("serve's " + setting).isEqualTo(expected);
	}

	/** What serve read, per environment it was started with. */
	private static final Map<Map<String, String>, Read> SERVED = new java.util.concurrent.ConcurrentHashMap<>();

	private static Read served(Map<String, String> env) {
		try (ConfigurableApplicationContext context = serve(env)) {
			return Read.of(context.getBean(BrokerAssembly.class));
		}
	}

	/**
	 * The variables of every table row that can share an environment with {@code variables}: rows are put
	 * in the first group where none of them names the same setting (VAULT_X and BAO_X count as one), and
	 * rows that set nothing only ever share with each other.
	 */
	private static Map<String, String> group(Map<String, String> variables) {
		List<Map<String, String>> groups = new ArrayList<>();
		table().map(arguments -> (Map<String, String>) arguments.get()[1]).forEach(row -> {
			for (Map<String, String> group : groups) {
				if (row.isEmpty() == group.isEmpty() && row.keySet().stream().map(SettingsTableIntegrationTests::setting)
					.noneMatch(key -> group.keySet().stream().map(SettingsTableIntegrationTests::setting).anyMatch(key::equals))) {
					group.putAll(row);
					return;
				}
			}
			groups.add(new HashMap<>(row));
		});
		return groups.stream()
			.filter(group -> group.entrySet().containsAll(variables.entrySet()) && group.isEmpty() == variables.isEmpty())
			.findFirst()
			.orElseThrow();
	}

	/** The setting a variable sets; an account and the mounts count as one, as together they are refused. */
	private static String setting(String variable) {
		if (variable.equals("BOTKEEPER_ACCOUNT") || variable.endsWith("_MOUNT")) {
			return "mounts";
		}
		return variable.replaceFirst("^BAO_", "VAULT_");
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("refusals")
	void aSettingTheCliRefusesServeShouldRefuseWithTheSameMessage(Map<String, String> variables, String message) {
		Map<String, String> env = environment(variables);

		String cli = refusal(() -> cli(env));
		String serve = refusal(() -> serve(env).close());

		assertThat(cli).contains(message).doesNotContain(TOKEN).doesNotContain(OTHER_TOKEN);
		assertThat(serve).isEqualTo(cli);
	}

	@Test
	void aServeArgumentShouldWinOverTheVariable() {
		Map<String, String> env = environment(Map.of("GITHUB_API_URL", "https://ghe.example.org/api/v3",
				"BOTKEEPER_ACCOUNT", "alice"));
		try (ConfigurableApplicationContext context = serve(env, "--botkeeper.github.api-url=https://other.example.org/api/v3",
				"--botkeeper.github.write-gap=750ms", "--botkeeper.github.writes-per-hour=200", "--botkeeper.account=carol")) {
			Read read = Read.of(context.getBean(BrokerAssembly.class));
			assertThat(read.githubApi()).isEqualTo(URI.create("https://other.example.org/api/v3"));
			assertThat(read.writeGap()).isEqualTo(Duration.ofMillis(750));
			assertThat(read.writesPerHour()).isEqualTo(200);
			assertThat(read.kvMount()).isEqualTo("botkeeper-carol");
		}
	}

	/** The row's variables over a base that logs in with a token and reads no real ~/.vault-token. */
	private static Map<String, String> environment(Map<String, String> variables) {
		Map<String, String> env = new HashMap<>(Map.of("HOME", DIR.toString(), "VAULT_TOKEN", TOKEN));
		env.putAll(variables);
		env.values().removeIf(String::isEmpty);
		return env;
	}

	private static BrokerAssembly cli(Map<String, String> env) {
		BrokerContext options = new BrokerContext();
		options.vault = new VaultOptions();
		return options.assemble(env);
	}

	private static ConfigurableApplicationContext serve(Map<String, String> env, String... extra) {
		String[] args = Stream.concat(Stream.of("--botkeeper.schedule.interval=1h", "--botkeeper.schedule.max-backoff=1h"),
				Stream.of(extra)).toArray(String[]::new);
		return ServeWithEnvironment.start(env, WebApplicationType.NONE, args);
	}

	/** The message of the refusal {@code start} ends in, wherever in the cause chain it is. */
	private static String refusal(Runnable start) {
		try {
			start.run();
		}
		catch (RuntimeException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof UserFacingException refusal) {
					return refusal.getMessage();
				}
			}
			throw new AssertionError("not a refusal of ours", ex);
		}
		throw new AssertionError("started, but should have refused");
	}

	private static Path directory() {
		try {
			return Files.createTempDirectory("botkeeper-settings-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A CA certificate in PEM made with the JDK's keytool: the connection reads it when it is built. */
	private static Path certificate(String name) {
		Path store = DIR.resolve(name + ".p12");
		Path pem = DIR.resolve(name + ".pem");
		keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
				"-ext", "BC:c=ca:true", "-validity", "2", "-keystore", store.toString(), "-storepass", "changeit",
				"-storetype", "PKCS12");
		keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", store.toString(), "-storepass", "changeit", "-file",
				pem.toString());
		return pem;
	}

	private static void keytool(String... args) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("keytool failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
