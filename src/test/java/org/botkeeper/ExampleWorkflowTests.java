package org.botkeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.botkeeper.vault.OidcBindings;
import org.botkeeper.vault.VaultLayout;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped scheduled workflow (docs/examples/botkeeper-sync.yml) cannot run here, so it is checked
 * for what botkeeper's Actions login needs: the id-token permission (without it GitHub sets no token
 * request variables), a schedule, the role {@code oidc broker} writes, no stored Vault token, a timeout
 * within the role's token, and the workflow file README's {@code oidc broker} binds.
 */
class ExampleWorkflowTests {

	private static final Path WORKFLOW = Path.of("docs/examples/botkeeper-sync.yml");

	@Test
	@SuppressWarnings("unchecked")
	void theScheduledWorkflowShouldLogInWithItsOidcTokenAsTheRoleReadmeWrites() throws IOException {
		Map<String, Object> workflow = new Yaml().load(Files.readString(WORKFLOW));
		// YAML 1.1 reads the key 'on' as the boolean true.
		Map<String, Object> triggers = (Map<String, Object>) workflow.getOrDefault("on", workflow.get(Boolean.TRUE));
		Map<String, Object> job = (Map<String, Object>) ((Map<String, Object>) workflow.get("jobs")).get("sync");
		List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
		Map<String, Object> sync = steps.get(steps.size() - 1);
		Map<String, Object> env = (Map<String, Object>) sync.get("env");
		String readme = Files.readString(Path.of("README.md"));

		assertThat(triggers).containsKeys("schedule", "workflow_dispatch");
		assertThat((Map<String, Object>) workflow.get("permissions")).containsEntry("id-token", "write")
			.containsEntry("contents", "read");
		assertThat(sync.get("run").toString()).endsWith("bin/botkeeper sync --yes");
		assertThat(env).containsKeys("VAULT_ADDR", "BOTKEEPER_VAULT_JWT_ROLE").doesNotContainKeys("VAULT_TOKEN",
				"BAO_TOKEN");
		assertThat(env.get("BOTKEEPER_VAULT_JWT_ROLE")).as("the role oidc broker writes")
			.isEqualTo(OidcBindings.brokerName(VaultLayout.defaults()));
		assertThat(((Number) job.get("timeout-minutes")).intValue()).as("a run ends before its token does")
			.isLessThan(OidcBindings.BROKER_TOKEN_MINUTES);
		assertThat(readme).contains("--workflow-ref 'acme/infra/.github/workflows/" + WORKFLOW.getFileName()
				+ "@refs/heads/main'").contains("(docs/examples/botkeeper-sync.yml)");
	}

}
