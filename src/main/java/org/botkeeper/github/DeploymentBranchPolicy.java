package org.botkeeper.github;

/**
 * Which branches may deploy to an environment
 * (<a href="https://docs.github.com/en/rest/deployments/environments#create-or-update-an-environment">create
 * or update an environment</a>). The OpenAPI schema allows any two booleans; only its prose says that
 * exactly one is true ({@code protected_branches} xor {@code custom_branch_policies}), so the rule
 * is held here. "All branches" is no policy at all ({@code null} on the wire).
 */
public record DeploymentBranchPolicy(boolean protectedBranches, boolean customBranchPolicies) {

	/** botkeeper's default: only branches with branch protection may deploy. */
	public static final DeploymentBranchPolicy PROTECTED_BRANCHES = new DeploymentBranchPolicy(true, false);

	public static final DeploymentBranchPolicy CUSTOM_BRANCH_POLICIES = new DeploymentBranchPolicy(false, true);

	public DeploymentBranchPolicy {
		if (protectedBranches == customBranchPolicies) {
			throw new IllegalArgumentException("A deployment branch policy needs exactly one of protected_branches and "
					+ "custom_branch_policies set to true (GitHub rejects both or neither).");
		}
	}

}
