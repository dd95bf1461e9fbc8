package org.botkeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.botkeeper.cli.BotkeeperCommand;
import org.botkeeper.serve.BotkeeperProperties;
import org.botkeeper.vault.VaultSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where botkeeper is developed, so docker-compose.yml is checked without
 * running it: the services and their order, loopback-only ports, that no secret is inlined, that every
 * environment variable of a botkeeper container is one botkeeper (or Spring Boot) really reads, that
 * every botkeeper command line parses with botkeeper's own parser, the health check, the restart
 * policies, the image built once, and an AppRole hand-over that a restarted broker can log in with again.
 */
class DockerComposeTests {

	private static final Pattern SECRET_KEY = Pattern.compile(".*(TOKEN|SECRET|PASSWORD|KEY).*");

	private static final Pattern REFERENCE = Pattern.compile("\\$\\{[A-Z_]+(:\\?[^}]*)?}");

	private static final String IMAGE = "botkeeper:local";

	@SuppressWarnings("unchecked")
	private static Map<String, Object> services() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
		return (Map<String, Object>) compose.get("services");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> service(String name) throws IOException {
		return (Map<String, Object>) services().get(name);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> environment(String name) throws IOException {
		Map<String, String> environment = new HashMap<>();
		((Map<String, Object>) service(name).getOrDefault("environment", Map.of()))
			.forEach((key, value) -> environment.put(key, String.valueOf(value)));
		return environment;
	}

	@Test
	void composeShouldStartOpenBaoThenInitThenTheBroker() throws IOException {
		assertThat(services()).containsOnlyKeys("openbao", "init", "approle", "botkeeper");
		assertThat(service("init")).extracting(s -> s.get("depends_on"))
			.isEqualTo(Map.of("openbao", Map.of("condition", "service_healthy")));
		assertThat(service("approle")).extracting(s -> s.get("depends_on"))
			.isEqualTo(Map.of("init", Map.of("condition", "service_completed_successfully")));
		assertThat(service("botkeeper")).extracting(s -> s.get("depends_on"))
			.isEqualTo(Map.of("approle", Map.of("condition", "service_completed_successfully")));
		assertThat(service("init").get("command")).isEqualTo(List.of("vault", "init"));
		assertThat(service("botkeeper").get("command")).isEqualTo(List.of("serve"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeShouldPublishPortsOnLoopbackOnlyAndCheckHealth() throws IOException {
		for (Map.Entry<String, Object> service : services().entrySet()) {
			List<String> ports = (List<String>) ((Map<String, Object>) service.getValue()).getOrDefault("ports", List.of());
			assertThat(ports).as(service.getKey()).allMatch(port -> port.startsWith("127.0.0.1:"));
		}
		assertThat((List<String>) service("openbao").get("ports")).contains("127.0.0.1:8080:8080");
		for (String name : List.of("openbao", "botkeeper")) {
			assertThat(service(name)).as(name).containsKey("healthcheck");
		}
		assertThat(service("botkeeper").get("healthcheck").toString()).contains("/actuator/health");
	}

	@Test
	@SuppressWarnings("unchecked")
	void botkeeperShouldReachOpenBaoOverLoopbackBecauseItRefusesPlainHttpToAnotherHost() throws IOException {
		for (String name : List.of("init", "botkeeper")) {
			Map<String, Object> service = service(name);
			assertThat(service.get("network_mode")).as(name).isEqualTo("service:openbao");
			assertThat(((Map<String, Object>) service.get("environment")).get("VAULT_ADDR")).as(name)
				.isEqualTo("http://127.0.0.1:8200");
		}
		assertThat(service("approle").get("command").toString()).contains("umask 077").contains("chown 10001");
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeShouldInlineNoSecret() throws IOException {
		for (Map.Entry<String, Object> service : services().entrySet()) {
			Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) service.getValue())
				.getOrDefault("environment", Map.of());
			for (Map.Entry<String, Object> variable : environment.entrySet()) {
				if (SECRET_KEY.matcher(variable.getKey()).matches() && !variable.getKey().endsWith("_FILE")
						&& !variable.getKey().endsWith("_WRAPPED")) {
					assertThat(String.valueOf(variable.getValue()))
						.as("%s.%s must come from .env, not the file", service.getKey(), variable.getKey())
						.matches(REFERENCE);
				}
			}
		}
	}

	@Test
	void theImageShouldRunAsAnUnprivilegedUser() throws IOException {
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		assertThat(dockerfile).containsPattern("(?m)^USER [1-9][0-9]*$");
	}

	@Test
	void theImageShouldBeBuiltOnceAndUsedByEveryBotkeeperService() throws IOException {
		List<String> built = services().entrySet().stream()
			.filter(service -> ((Map<?, ?>) service.getValue()).containsKey("build"))
			.map(Map.Entry::getKey)
			.toList();
		assertThat(built).as("services that build the image").containsExactly("init");
		assertThat(service("init")).containsEntry("image", IMAGE).containsEntry("pull_policy", "build");
		// Without a build of its own, the broker must not try to pull a name only this project builds.
		assertThat(service("botkeeper")).containsEntry("image", IMAGE).containsEntry("pull_policy", "never")
			.doesNotContainKey("build");
	}

	@Test
	void theBrokerAndOpenBaoShouldComeBackAfterARestartOrACrash() throws IOException {
		assertThat(service("botkeeper")).containsEntry("restart", "unless-stopped");
		assertThat(service("openbao")).containsEntry("restart", "unless-stopped");
		assertThat(service("init")).containsEntry("restart", "no");
		assertThat(service("approle")).containsEntry("restart", "no");
	}

	/**
	 * A response-wrapped secret id can be unwrapped once: a broker whose container restarts would find it
	 * used and could not log in again. The hand-over writes the plain secret id to a named volume (mode
	 * 600, the broker's user), which the broker mounts read-only and reads at every start.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void theAppRoleHandOverShouldSurviveARestartOfTheBroker() throws IOException {
		String handOver = service("approle").get("command").toString();
		assertThat(handOver).contains("auth/approle/role/botkeeper-broker/role-id > /run/botkeeper/role-id")
			.contains("bao write -f -field=secret_id auth/approle/role/botkeeper-broker/secret-id > /run/botkeeper/secret-id")
			.doesNotContain("wrap-ttl");
		assertThat(environment("botkeeper")).containsEntry("BOTKEEPER_VAULT_SECRET_ID_WRAPPED", "false")
			.containsEntry("BOTKEEPER_VAULT_ROLE_ID_FILE", "/run/botkeeper/role-id")
			.containsEntry("BOTKEEPER_VAULT_SECRET_ID_FILE", "/run/botkeeper/secret-id");
		assertThat((List<String>) service("botkeeper").get("volumes")).containsExactly("approle:/run/botkeeper:ro");
		assertThat((List<String>) service("approle").get("volumes")).containsExactly("approle:/run/botkeeper");
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
		assertThat((Map<String, Object>) compose.get("volumes")).containsKey("approle");
	}

	/**
	 * The health check asks serve for its overall status with {@code botkeeper health}, which the image
	 * puts on PATH: dash, the image's shell, has no /dev/tcp, and the image has no curl.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void theHealthCheckShouldAskServeForItsOverallStatusWithACommandTheImageHas() throws IOException {
		List<String> test = (List<String>) ((Map<String, Object>) service("botkeeper").get("healthcheck")).get("test");
		assertThat(test.getFirst()).isEqualTo("CMD");
		assertThat(test.get(1)).isEqualTo("botkeeper");
		var parsed = BotkeeperCommand.commandLine().parseArgs(test.subList(2, test.size()).toArray(String[]::new));
		assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("health");
		URI url = URI.create(parsed.subcommand().matchedOptionValue("--url", "http://127.0.0.1:8080/actuator/health"));
		assertThat(url.getPath()).isEqualTo("/actuator/health");
		assertThat(url.getPort()).as("serve's port").isEqualTo(8080);
		assertThat(Files.readString(Path.of("Dockerfile"))).contains("> /usr/local/bin/botkeeper")
			.contains("chmod 755 /usr/local/bin/botkeeper");
	}

	/** Every command a botkeeper container runs, parsed by botkeeper's own command line. */
	@Test
	@SuppressWarnings("unchecked")
	void everyBotkeeperCommandShouldParseWithTheRealCommandLine() throws IOException {
		for (String name : List.of("init", "botkeeper")) {
			List<String> command = (List<String>) service(name).get("command");
			var parsed = BotkeeperCommand.commandLine().parseArgs(command.toArray(String[]::new));
			assertThat(parsed.hasSubcommand()).as(name).isTrue();
			assertThat(parsed.unmatched()).as(name).isEmpty();
		}
	}

	/**
	 * Every variable of a botkeeper container is one botkeeper reads: {@code VAULT_*} the way the CLI and
	 * serve read them (VaultSettings), {@code BOTKEEPER_*} and {@code SERVER_*} as Spring Boot binds them
	 * to serve's settings. A name is read when another value for it changes what is bound (or cannot be
	 * converted to the setting's type); a misspelt name, which Spring ignores without a word, changes
	 * nothing and fails here. (Spring's NoUnboundElementsBindHandler cannot tell: it reports
	 * BOTKEEPER_VAULT_ROLE_ID_FILE as unbound, though it binds to botkeeper.vault.role-id-file.)
	 */
	@Test
	void everyEnvironmentVariableOfABotkeeperContainerShouldBeASettingBotkeeperReads() throws IOException {
		for (String name : List.of("init", "botkeeper")) {
			Map<String, String> environment = environment(name);
			environment.replaceAll((key, value) -> REFERENCE.matcher(value).matches() ? "dev-root-token" : value);
			for (String variable : environment.keySet()) {
				assertThat(variable).as(name).matches("(VAULT|BOTKEEPER|SERVER)_[A-Z_]+");
				assertThat(PROBES.stream().filter(probe -> !probe.equals(environment.get(variable))).anyMatch(probe -> {
					Map<String, String> other = new HashMap<>(environment);
					other.put(variable, probe);
					return !read(environment).equals(read(other));
				})).as("%s: %s is read by botkeeper", name, variable).isTrue();
			}
		}
		BotkeeperProperties broker = binder(environment("botkeeper")).bind("botkeeper", BotkeeperProperties.class).get();
		assertThat(broker.vault().roleIdFile()).isEqualTo(Path.of("/run/botkeeper/role-id"));
		assertThat(broker.vault().secretIdFile()).isEqualTo(Path.of("/run/botkeeper/secret-id"));
		assertThat(broker.vault().secretIdWrapped()).isFalse();
		assertThat(broker.schedule().interval()).hasMinutes(1);
	}

	/** Other values to give a variable: one of them differs from any value compose sets. */
	private static final List<String> PROBES = List.of("true", "false", "7m", "/probe", "https://probe.example:8200",
			"10.9.8.7");

	/** What botkeeper reads from {@code env}: Vault's address and token, serve's settings, the server's address and port. */
	private static List<String> read(Map<String, String> env) {
		List<String> read = new java.util.ArrayList<>(vault(env));
		Binder binder = binder(env);
		read.add(read(() -> binder.bind("botkeeper", Bindable.of(BotkeeperProperties.class)).map(Object::toString)
			.orElse("defaults")));
		read.add(read(() -> binder.bind("server", Bindable.of(ServerProperties.class))
			.map(server -> server.getAddress() + " " + server.getPort())
			.orElse("defaults")));
		return read;
	}

	private static Binder binder(Map<String, String> env) {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addFirst(new SystemEnvironmentPropertySource(
				org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(env)));
		return new Binder(ConfigurationPropertySources.from(sources));
	}

	/** The Vault address and token the CLI and serve read from {@code env}, or why they cannot. */
	private static List<String> vault(Map<String, String> env) {
		Map<String, String> isolated = new HashMap<>(env);
		isolated.put("HOME", "/nonexistent"); // no ~/.vault-token of this machine
		return List.of(read(() -> String.valueOf(VaultSettings.forLogin(isolated).address())),
				read(() -> VaultSettings.fromEnvironment(isolated).token().reveal()));
	}

	private static String read(java.util.function.Supplier<String> setting) {
		try {
			return setting.get();
		}
		catch (RuntimeException ex) {
			return ex.getMessage();
		}
	}

}
