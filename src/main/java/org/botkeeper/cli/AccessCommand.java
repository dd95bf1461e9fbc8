package org.botkeeper.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.botkeeper.broker.AccessDocument;
import org.botkeeper.vault.AccessReview;
import org.botkeeper.vault.PolicyHolders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper access}: who can get the bot's password, its 2FA code, or a repository's token. */
@Command(name = "access", sortOptions = false,
		description = { "Shows who can get the bot's password, its 2FA code or recovery codes, or a repository's token,",
				"and who can change where a repository's token is pushed, as Vault sees it.",
				"For every ACL policy Vault itself evaluates the paths (sys/capabilities, through a 60-second token",
				"holding only that policy, revoked right after). Holders: the roles, users and certificates of every",
				"auth method of a known type (approle, userpass, jwt, oidc, kubernetes, cert, ldap, github maps and",
				"org-wide config, token roles), identity groups with their members, and identity entities with",
				"policies of their own. Auth methods of other types are named on stderr as not inspected.",
				"Run it with an operator token. --format markdown prints a table to paste into a team-compass page:",
				"one row per asset and holder, since when Vault says it holds it, under a line with the time and the Vault.",
				"",
				"Examples:", "  VAULT_TOKEN=$(cat operator-token) botkeeper access",
				"  botkeeper access --format markdown > who-can-log-in-as-the-bot.md",
				"  botkeeper access --format json | jq '.[] | select(.asset == \"the bot'\"'\"'s password\")'" })
final class AccessCommand implements Runnable {

	@Mixin
	private VaultContext context;

	@Option(names = "--format", paramLabel = "table|json|markdown", defaultValue = "table",
			description = "Output format: table (default), json, or markdown (a table for a team-compass page).")
	private OutputFormat format = OutputFormat.TABLE;

	@Option(names = "--wide", description = "Table: one line per row however wide (default: 120 columns, the "
			+ "holders wrapped).")
	private boolean wide;

	@Override
	public void run() {
		VaultOptions.Session session = context.open();
		AccessDocument.Review review = AccessDocument.review(session.connection(), session.layout(), session.defaults());
		AccessReview.Result result = review.result();
		var err = context.err();
		review.problems().forEach(err::println);
		switch (format) {
			case JSON -> Output.json(context.out(), AccessDocument.of(result));
			case MARKDOWN -> AccessMarkdown.print(context.out(), result,
					session.connection().settings().address().toString(), session.clock().instant(),
					java.util.stream.Stream.concat(review.problems().stream(), notInspected(result).stream()).toList());
			case TABLE -> {
				List<List<String>> rows = new ArrayList<>();
				for (AccessReview.Finding finding : result.findings()) {
					for (AccessReview.Grant grant : finding.grants()) {
						rows.add(Arrays.asList(finding.asset().name(), path(grant.check()), grant.policy(),
								String.join(",", grant.capabilities()), grant.holders().isEmpty()
										? "(no role, user, entity or group found)"
										: String.join("; ", grant.holders().stream().map(PolicyHolders.Holder::label)
											.toList())));
					}
				}
				Output.table(context.out(), List.of("ASSET", "PATH", "POLICY", "CAPABILITIES", "HELD BY"), rows,
						wide ? Integer.MAX_VALUE : Output.WIDTH);
			}
		}
		notInspected(result).forEach(err::println);
		err.println("Tokens created directly with a policy (vault token create -policy=...) are not listed: Vault "
				+ "cannot enumerate them.");
	}

	private static List<String> notInspected(AccessReview.Result result) {
		return result.notInspected().stream().map(method -> "Auth method " + method + " is enabled and was not "
				+ "inspected: its roles may hand out any of these policies. Review it by hand.").toList();
	}

	private static String path(AccessReview.Check check) {
		return check.note() == null ? check.path() : check.path() + " (" + check.note() + ")";
	}

}
