package org.botkeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where botkeeper is developed, so docker-compose.yml is checked by structure:
 * the services and their order, loopback-only ports, health checks, and that no secret is inlined.
 */
class DockerComposeTests {

	private static final Pattern SECRET_KEY = Pattern.compile(".*(TOKEN|SECRET|PASSWORD|KEY).*");

	private static final Pattern REFERENCE = Pattern.compile("\\$\\{[A-Z_]+(:\\?[^}]*)?}");

	@SuppressWarnings("unchecked")
	private static Map<String, Object> services() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
		return (Map<String, Object>) compose.get("services");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> service(String name) throws IOException {
		return (Map<String, Object>) services().get(name);
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

}
