package org.botkeeper.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.botkeeper.vault.AccessReview;
import org.botkeeper.vault.TokenStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code botkeeper access}: who can get the bot's password, its 2FA code, or a repository's token. */
@Command(name = "access", sortOptions = false,
		description = { "Shows who can get the bot's password, its 2FA code or recovery codes, or a repository's token,",
				"and who can change where a repository's token is pushed, as Vault sees it.",
				"For every ACL policy Vault itself evaluates the paths (sys/capabilities, through a 60-second token",
				"holding only that policy, revoked right after). Holders: the roles, users and certificates of every",
				"auth method of a known type (approle, userpass, jwt, oidc, kubernetes, cert, ldap, github maps and",
				"org-wide config, token roles), identity groups with their members, and identity entities with",
				"policies of their own. Auth methods of other types are named on stderr as not inspected.",
				"Run it with an operator token.", "",
				"Examples:", "  VAULT_TOKEN=$(cat operator-token) botkeeper access",
				"  botkeeper access --format json | jq '.[] | select(.asset == \"the bot'\"'\"'s password\")'" })
final class AccessCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Mixin
	private TableOptions table;

	@Override
	public void run() {
		VaultOptions.Session session = context.open();
		List<String> repositories = new ArrayList<>();
		try {
			new TokenStore(session.connection(), session.layout(), session.defaults(), "an operator policy").list()
				.forEach(repository -> repositories.add(repository.toString()));
		}
		catch (org.botkeeper.vault.VaultException ex) {
			context.err().println("Per-repository tokens are left out: " + ex.getMessage());
		}
		AccessReview review = new AccessReview(session.connection(), session.layout());
		AccessReview.Result result = review.review(review.assets(repositories));
		if (table.json()) {
			Output.json(context.out(), result.findings().stream().map(AccessCommand::json).toList());
		}
		else {
			List<List<String>> rows = new ArrayList<>();
			for (AccessReview.Finding finding : result.findings()) {
				for (AccessReview.Grant grant : finding.grants()) {
					rows.add(Arrays.asList(finding.asset().name(), path(grant.check()), grant.policy(),
							String.join(",", grant.capabilities()), grant.holders().isEmpty()
									? "(no role, user, entity or group found)" : String.join("; ", grant.holders())));
				}
			}
			table.table(context.out(), List.of("ASSET", "PATH", "POLICY", "CAPABILITIES", "HELD BY"), rows);
		}
		var err = context.err();
		for (String method : result.notInspected()) {
			err.println("Auth method " + method + " is enabled and was not inspected: its roles may hand out any of "
					+ "these policies. Review it by hand.");
		}
		err.println("Tokens created directly with a policy (vault token create -policy=...) are not listed: Vault "
				+ "cannot enumerate them.");
	}

	private static String path(AccessReview.Check check) {
		return check.note() == null ? check.path() : check.path() + " (" + check.note() + ")";
	}

	private static Map<String, Object> json(AccessReview.Finding finding) {
		Map<String, Object> node = new LinkedHashMap<>();
		AccessReview.Check first = finding.asset().checks().getFirst();
		node.put("asset", finding.asset().name());
		node.put("path", first.path());
		node.put("capability", String.join("|", first.capabilities()));
		node.put("checks", finding.asset().checks().stream().map(check -> {
			Map<String, Object> c = new LinkedHashMap<>();
			c.put("path", check.path());
			c.put("any_of", check.capabilities());
			c.put("note", check.note());
			return c;
		}).toList());
		node.put("grants", finding.grants().stream().map(grant -> {
			Map<String, Object> g = new LinkedHashMap<>();
			g.put("policy", grant.policy());
			g.put("path", grant.check().path());
			g.put("capabilities", grant.capabilities());
			g.put("holders", grant.holders());
			return g;
		}).toList());
		return node;
	}

}
