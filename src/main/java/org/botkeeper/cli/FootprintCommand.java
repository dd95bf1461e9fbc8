package org.botkeeper.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.botkeeper.broker.BotFootprint;
import org.botkeeper.broker.FootprintAudit;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.Printable;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.BotReach;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper footprint}: where the bot can write on GitHub, compared with where its bindings need it. */
@Command(name = "footprint", sortOptions = false,
		description = { "Compares where the bot can write on GitHub with where its bindings need it (read-only).",
				"Asks GitHub as the bot itself (its token at bot-token in Vault, which the broker's policy reads):",
				"every repository of the organisations (--org, else the owners of the bindings) it can push to or",
				"administer and how (team, direct grant, organisation owner), its teams and its organisation role.",
				"Findings: excess (write with no binding), missing (a binding it cannot push to), too strong (admin",
				"or maintain where write is enough; an organisation owner), not via the team (a direct grant: a team",
				"makes access visible and revocable in one place). Each comes with the gh api call that fixes it.",
				"Exits 1 when there is a finding. The bot's token should be a classic one with repo and read:org: a",
				"fine-grained token shows only the repositories it selects.", "", "Examples:",
				"  botkeeper footprint", "  botkeeper footprint --org jupyterhub --format markdown" })
final class FootprintCommand implements java.util.concurrent.Callable<Integer> {

	@Mixin
	private VaultContext context;

	@Option(names = "--org", paramLabel = "ORG", split = ",",
			description = "An organisation to look at; repeatable (default: the owners of the bindings).")
	private List<String> organisations = List.of();

	@Option(names = "--format", paramLabel = "table|json|markdown", defaultValue = "table",
			description = "Output format: table (default), json, or markdown (for an issue or a wiki page).")
	private OutputFormat format = OutputFormat.TABLE;

	@Override
	public Integer call() {
		Set<String> named = organisations();
		FootprintAudit audit = context.assemble(context.env()).footprint();
		FootprintAudit.Scope scope = audit.scope(named);
		scope.elsewhere().forEach((org, host) -> context.err().println(FootprintAudit.notLookedAt(org, host)));
		if (scope.organisations().isEmpty() && !scope.elsewhere().isEmpty()) {
			throw UserFacingException.badInput("Nothing to look at on GITHUB_API_URL: every organisation here lives on "
					+ "another GitHub host (above). Run footprint with GITHUB_API_URL set to that host and the bot's "
					+ "token there.");
		}
		if (scope.organisations().isEmpty()) {
			throw UserFacingException.badInput("No bindings in Vault and no --org: name the organisation to look at, "
					+ "e.g. botkeeper footprint --org jupyterhub.");
		}
		FootprintAudit.Result result = audit.check(scope)
			.orElseThrow(() -> new org.botkeeper.vault.MissingRecordException(audit.noBotToken()));
		BotReach.View view = result.view();
		BotFootprint footprint = result.footprint();
		List<BotFootprint.Finding> findings = result.findings();
		Set<String> orgs = result.organisations();
		print(view, footprint, findings, orgs, scope.elsewhere());
		return findings.isEmpty() ? ExitCodes.OK : ExitCodes.REMOTE_FAILURE;
	}

	private void print(BotReach.View view, BotFootprint footprint, List<BotFootprint.Finding> findings, Set<String> orgs,
			Map<String, String> elsewhere) {
		PrintWriter out = context.out();
		if (format == OutputFormat.JSON) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("login", view.login());
			json.put("organisations", List.copyOf(orgs));
			json.put("organisation_roles", view.organisationRoles());
			json.put("teams", view.teamsByOrganisation());
			json.put("writable", footprint.reach().stream().map(reach -> Map.of("repository", reach.repository().toString(),
					"role", reach.role().label(), "access", reach.access(), "bound", reach.bound())).toList());
			json.put("findings", findings.stream().map(BotFootprint.Finding::document).toList());
			json.put("not_looked_at", elsewhere.entrySet().stream()
				.map(entry -> Map.of("organisation", entry.getKey(), "api_url", entry.getValue()))
				.toList());
			Output.json(out, json);
			return;
		}
		List<List<String>> rows = new ArrayList<>();
		for (BotFootprint.Reach reach : footprint.reach()) {
			rows.add(List.of(reach.repository().toString(), reach.role().label(), reach.access(),
					reach.bound() ? "yes" : "no"));
		}
		if (format == OutputFormat.MARKDOWN) {
			out.println("## Where " + view.login() + " can write (" + String.join(", ", orgs) + ")");
			out.println();
			Markdown.table(out, List.of("Repository", "Role", "Access", "Binding"), rows);
			out.println();
			out.println("## Findings");
			out.println();
			if (findings.isEmpty()) {
				out.println("None: the bot can write exactly where its bindings need it, through a team.");
			}
			else {
				Markdown.table(out, List.of("Finding", "Where", "Access", "Why", "Fix"), findings.stream()
					.map(finding -> List.of(finding.kind().label(), finding.where(), finding.access(), finding.why(),
							"`" + finding.fix() + "`"))
					.toList());
			}
			out.flush();
			return;
		}
		context.err().println("The bot " + view.login() + " in " + String.join(", ", orgs) + ": organisation role "
				+ (view.organisationRoles().isEmpty() ? "none" : view.organisationRoles().toString().replaceAll("[{}]", ""))
				+ "; teams " + (view.teamsByOrganisation().isEmpty() ? "none" : view.teamsByOrganisation().values().stream()
					.flatMap(List::stream).toList().toString().replaceAll("[\\[\\]]", "")) + ".");
		if (!rows.isEmpty()) {
			Output.table(out, List.of("REPOSITORY", "ROLE", "ACCESS", "BINDING"), rows);
		}
		else {
			context.err().println("The bot can push to no repository there.");
		}
		if (findings.isEmpty()) {
			context.err().println("No findings: the bot can write exactly where its bindings need it, through a team.");
			return;
		}
		out.println();
		Output.table(out, List.of("FINDING", "WHERE", "WHY"), findings.stream()
			.map(finding -> List.of(finding.kind().label(), finding.where(), finding.why()))
			.toList());
		out.println();
		out.println("To fix:");
		for (BotFootprint.Finding finding : findings) {
			out.println("  " + finding.where() + " (" + finding.kind().label() + "): " + finding.fix());
		}
		out.flush();
		context.err().println(Output.count(findings.size(), "finding", "findings") + ".");
	}

	private Set<String> organisations() {
		Set<String> orgs = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		for (String org : organisations) {
			orgs.add(organisation(org));
		}
		return orgs;
	}

	/** {@code text} as an --org value: a GitHub organisation name, else bad input (exit 2). */
	static String organisation(String text) {
		String name = text.strip();
		if (!name.matches("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")) {
			throw UserFacingException.badInput("Invalid organisation '" + Printable.of(text, 40) + "' for --org: use a GitHub "
					+ "organisation name (letters, digits, single hyphens).");
		}
		return name;
	}

}
