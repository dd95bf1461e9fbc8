package org.botkeeper.github;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/** Reads GitHub's {@code environment} schema into a {@link GitHubEnvironment}. */
final class EnvironmentJson {

	private EnvironmentJson() {
	}

	static GitHubEnvironment read(JsonNode node) {
		JsonNode policy = node.path("deployment_branch_policy");
		Optional<DeploymentBranchPolicy> branchPolicy = Optional.empty();
		if (policy.isObject()) {
			boolean protectedBranches = policy.path("protected_branches").asBoolean(false);
			boolean custom = policy.path("custom_branch_policies").asBoolean(false);
			// Both false would break the documented rule; treat it as "no restriction" rather than fail.
			if (protectedBranches != custom) {
				branchPolicy = Optional.of(new DeploymentBranchPolicy(protectedBranches, custom));
			}
		}
		List<String> rules = new ArrayList<>();
		node.path("protection_rules").forEach(rule -> rules.add(rule.path("type").asString()));
		return new GitHubEnvironment(node.path("name").asString(), branchPolicy, List.copyOf(rules),
				Instant.parse(node.path("updated_at").asString()));
	}

}
