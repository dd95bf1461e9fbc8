package org.botkeeper.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.vault.OidcBindings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper oidc list}: which repository and environment may read which binding's token. */
@Command(name = "list", sortOptions = false,
		description = { "Lists the bindings' JWT roles: which repository, environment and workflow may read",
				"which token with their OIDC token; and the broker's role ('oidc broker'), which grants the broker.", "", "Examples:", "  botkeeper oidc list",
				"  botkeeper oidc list --format json" })
final class OidcListCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private TableOptions table;

	/** One role per row for people, one object per role for scripts; never a token. */
	private static final ListView<OidcBindings.Listed> VIEW = new ListView<>(
			List.of("REPOSITORY", "ENVIRONMENT", "WORKFLOW", "AUDIENCE", "ROLE", "GRANTS"),
			(role, table) -> List.of(role.claims().getOrDefault("repository", ""),
					role.claims().getOrDefault("environment", "(any)"),
					role.claims().getOrDefault("job_workflow_ref", "(any)"), String.join(",", role.audiences()), role.name(),
					role.broker() ? "the broker (" + role.policy() + ")" : "its token"),
			role -> {
				Map<String, Object> json = new LinkedHashMap<>();
				json.put("role", role.name());
				json.put("broker", role.broker());
				json.put("claims", role.claims());
				json.put("audiences", role.audiences());
				json.put("policy", role.policy());
				return json;
			}, "No OIDC roles yet: add one with 'botkeeper oidc enable OWNER/REPO'.");

	@Override
	public void run() {
		VaultOptions.Session session = context.open();
		VIEW.print(context, table, new OidcBindings(session.connection(), session.layout()).list());
	}

}
