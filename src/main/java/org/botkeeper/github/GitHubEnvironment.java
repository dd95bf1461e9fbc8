package org.botkeeper.github;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An Actions environment as GitHub describes it
 * (<a href="https://docs.github.com/en/rest/deployments/environments#get-an-environment">get an
 * environment</a>).
 *
 * @param branchPolicy empty when every branch may deploy
 * @param protectionRuleTypes e.g. {@code required_reviewers}, {@code wait_timer}, {@code branch_policy}
 */
public record GitHubEnvironment(String name, Optional<DeploymentBranchPolicy> branchPolicy,
		List<String> protectionRuleTypes, Instant updatedAt) {

	/** True when only protected branches (or named branch patterns) may deploy here. */
	public boolean restricted() {
		return branchPolicy.isPresent();
	}

	public boolean requiresReviewers() {
		return protectionRuleTypes.contains("required_reviewers");
	}

}
