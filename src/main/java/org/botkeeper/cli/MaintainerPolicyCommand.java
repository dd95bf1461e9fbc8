package org.botkeeper.cli;

import java.util.List;
import java.util.Map;

import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.PolicyDocuments;
import org.botkeeper.vault.VaultAccess;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code botkeeper vault policy maintainer --repo OWNER/REPO...}: a maintainer policy for a set of
 * repositories, from the template {@code vault-policies/botkeeper-maintainer.hcl}.
 */
@Command(name = "maintainer", sortOptions = false,
		description = { "Generates a policy for the maintainers of a few repositories.",
				"Prints (or with --write, writes to Vault) a policy that lets a team manage the tokens of",
				"the named repositories only: put, show and rm for those, list names, read their sync ledger.",
				"Bind it to the team's identity group. --write needs sys/policies/acl rights.", "", "Examples:",
				"  botkeeper vault policy maintainer --repo jupyterhub/binderhub > maintainer-binderhub.hcl",
				"  botkeeper vault policy maintainer --name botkeeper-maintainer-hub --repo jupyterhub/jupyterhub \\",
				"      --repo jupyterhub/configurable-http-proxy --write" })
final class MaintainerPolicyCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Option(names = "--repo", paramLabel = "OWNER/REPO", required = true,
			description = "A repository the team maintains (repeat for several).")
	private List<String> repos;

	@Option(names = "--name", paramLabel = "POLICY", defaultValue = "botkeeper-maintainer",
			description = "Policy name in Vault (default: ${DEFAULT-VALUE}).")
	private String name;

	@Option(names = "--write", description = "Write the policy to Vault instead of printing it.")
	private boolean write;

	@Override
	public void run() {
		List<RepositoryName> repositories = repos.stream().map(RepositoryName::parse).distinct().toList();
		String policyName = PolicyDocuments.checkName(name);
		Map<String, String> env = context.env();
		String text = new PolicyDocuments(context.layout()).maintainer(repositories);
		if (!write) {
			context.out().print(text);
			context.out().flush();
			return;
		}
		VaultOptions.Session session = context.open();
		session.connection()
			.calls()
			.run(new VaultAccess("write", "sys/policies/acl/" + policyName, "sys", "an operator policy on sys/policies/acl",
					false), () -> session.connection().template().write("sys/policies/acl/" + policyName,
							Map.of("policy", text)));
		context.out().println("Wrote policy " + policyName + " for " + repositories.size()
				+ " repositories. Bind it to the team, e.g. as a policy of its identity group.");
	}

}
