package org.botkeeper.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.broker.BotFootprint;
import org.botkeeper.broker.TokenGovernance;
import org.botkeeper.broker.TokenGovernance.Action;
import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.Printable;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.GitHubException;
import org.botkeeper.github.OrgTokens;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.BotTokenStore;
import org.botkeeper.vault.MissingRecordException;
import org.botkeeper.vault.Policy;
import org.botkeeper.vault.StoredToken;
import org.botkeeper.vault.TokenStore;
import org.botkeeper.vault.WriterStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code botkeeper token review}: the organisation's fine-grained tokens of the bot, joined with the
 * bindings, as plan then apply: revoke the token a rotation replaced, approve the bot's requests for
 * bound repositories, deny its other requests; flag the rest for a person.
 */
@Command(name = "review", sortOptions = false,
		description = { "Reviews the organisation's fine-grained tokens of the bot against the bindings (plan, then --apply).",
				"Lists, as the writer credential, the fine-grained tokens with access to the organisation and the",
				"pending requests for access. GitHub allows this only to a GitHub App: the writer must be one, with the",
				"organisation permissions 'Personal access tokens' (read and write) and 'Personal access token",
				"requests' (read and write). Run as the broker: it reads the writer, the bindings' records and the",
				"bot's token (bot-token, whose GET /user names the bot account).",
				"Plans: revoke a bot token a rotation replaced (a binding's current token is the one bot token that",
				"selects its repository and expires on the day recorded in Vault; an older one selecting only",
				"repositories with a current token is the previous one); approve a bot request that asks only for",
				"bound repositories, deny its other requests (with the reason GitHub shows the bot); leave others'",
				"requests. Flags, for a person: bot tokens in no binding, unused for --unused-days, selecting more",
				"repositories than their binding, or that Vault's expiry cannot tell apart.",
				"Exits 3 when the plan has something to apply and --apply was not given, 1 when a step failed.", "",
				"Examples:", "  botkeeper token review", "  botkeeper token review --org jupyterhub --unused-days 30 --apply" })
final class TokenReviewCommand implements java.util.concurrent.Callable<Integer> {

	@Mixin
	private VaultContext context;

	@Option(names = "--org", paramLabel = "ORG",
			description = "The organisation (default: the owner of the bindings, when they have one).")
	private String organisation;

	@Option(names = "--unused-days", paramLabel = "DAYS", defaultValue = "90",
			description = "Flag a token unused for more than N days (default 90).")
	private int unusedDays;

	@Option(names = "--apply", description = "Revoke, approve and deny as planned.")
	private boolean apply;

	@Mixin
	private FormatOption format;

	@Override
	public Integer call() {
		if (unusedDays < 1) {
			throw UserFacingException.badInput("Invalid --unused-days " + unusedDays + ": use a number of days, 1 or more.");
		}
		String named = organisation == null ? null : FootprintCommand.organisation(organisation);
		Map<String, String> env = context.env();
		VaultOptions.Session session = context.open();
		BrokerAssembly assembly = new BrokerAssembly(session.connection(), context.settings(env), Clock.systemUTC());
		TokenStore records = new TokenStore(session.connection(), session.layout(), session.defaults(),
				Policy.BROKER.policyName());
		List<RepositoryName> all = records.list();
		String org = named != null ? named : organisation(all);
		// The organisation's own writer where it has one (writer set --owner), as the review runs as that one.
		String policy = Policy.BROKER.policyName();
		Optional<WriterStore.WriterInfo> own = WriterStore.forOwner(session.connection(), session.layout(), policy, org)
			.show();
		String option = own.isPresent() ? "--owner " + org.toLowerCase(java.util.Locale.ROOT) + " " : "";
		String kind = own.or(() -> new WriterStore(session.connection(), session.layout(), policy).show())
			.map(WriterStore.WriterInfo::kind)
			.orElseThrow(() -> new MissingRecordException("No writer credential in Vault mount '"
					+ session.layout().kvMount() + "': the review lists tokens as the writer, a GitHub App. Store one "
					+ "with 'botkeeper writer set --app-id ID --installation-id ID'."));
		if (!kind.equals("app")) {
			throw UserFacingException.badInput("The writer credential" + (own.isPresent() ? " of " + org : "")
					+ " is a personal access token, and GitHub allows the "
					+ "organisation's fine-grained token endpoints only to GitHub Apps. Make the writer a GitHub App "
					+ "installed on the organisation with the organisation permissions 'Personal access tokens' and "
					+ "'Personal access token requests' (read and write): 'botkeeper writer set " + option + "--app-id ID "
					+ "--installation-id ID'. Nothing was reviewed.");
		}
		Map<RepositoryName, Optional<LocalDate>> bindings = new LinkedHashMap<>();
		for (RepositoryName repository : all) {
			if (!repository.owner().equalsIgnoreCase(org)) {
				continue;
			}
			// The value's own version, never display metadata: which token is revoked depends on this expiry.
			try (StoredToken stored = records.read(repository).orElse(null)) {
				if (stored != null && stored.record().app() == null) {
					bindings.put(repository, Optional.ofNullable(stored.record().expiresAt()));
				}
			}
		}
		String bot = bot(session, assembly);
		OrgTokens github = assembly.orgTokens(org);
		TokenGovernance.Plan plan = new TokenGovernance(bot, bindings, Clock.systemUTC().instant(),
				Duration.ofDays(unusedDays)).plan(github.tokens(), github.requests());
		Map<TokenGovernance.Step, String> results = new LinkedHashMap<>();
		if (apply) {
			for (TokenGovernance.Step step : plan.steps()) {
				results.put(step, apply(github, step));
			}
		}
		print(org, bot, plan, results);
		if (results.values().stream().anyMatch(result -> !result.equals("done"))) {
			return ExitCodes.REMOTE_FAILURE;
		}
		return !apply && !plan.steps().isEmpty() ? ExitCodes.CHANGES_PENDING : ExitCodes.OK;
	}

	private static String apply(OrgTokens github, TokenGovernance.Step step) {
		try {
			switch (step.action()) {
				case REVOKE -> github.revoke(step.token().id());
				case APPROVE -> github.review(step.token().id(), true, "botkeeper: " + step.why());
				case DENY -> github.review(step.token().id(), false, "botkeeper: " + step.why());
			}
			return "done";
		}
		catch (GitHubException ex) {
			return "failed: " + ex.getMessage();
		}
	}

	private static String organisation(List<RepositoryName> all) {
		Set<String> owners = BotFootprint.organisationsOf(new java.util.LinkedHashSet<>(all));
		if (owners.size() != 1) {
			throw UserFacingException.badInput((owners.isEmpty() ? "No bindings in Vault" : "The bindings are in "
					+ owners.size() + " organisations (" + String.join(", ", owners) + ")")
					+ ": name the one whose tokens to review, e.g. botkeeper token review --org "
					+ (owners.isEmpty() ? "jupyterhub" : owners.iterator().next()) + ".");
		}
		return owners.iterator().next();
	}

	/** The bot's login, as GitHub tells it to the bot's own token (the broker cannot read the account record). */
	private static String bot(VaultOptions.Session session, BrokerAssembly assembly) {
		try (SecretValue token = new BotTokenStore(session.connection(), session.layout(), Policy.BROKER.policyName()).read()
			.orElseThrow(() -> new MissingRecordException("No bot token in Vault mount '" + session.layout().kvMount()
					+ "': botkeeper asks GitHub which account is the bot with it. Store one with 'botkeeper bot-token "
					+ "set'."))) {
			return assembly.tokenOwner(token).login().orElseThrow(() -> new GitHubException("GitHub does not accept the "
					+ "bot token in Vault (401), so it cannot tell which account is the bot. Store a current token of the "
					+ "bot with 'botkeeper bot-token set'.", 401));
		}
	}

	private void print(String org, String bot, TokenGovernance.Plan plan, Map<TokenGovernance.Step, String> results) {
		PrintWriter out = context.out();
		PrintWriter err = context.err();
		if (format.json()) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("organisation", org);
			json.put("bot", bot);
			json.put("unused_days", unusedDays);
			json.put("applied", apply);
			json.put("steps", plan.steps().stream().map(step -> {
				Map<String, Object> item = item(step.action() == Action.REVOKE ? "token" : "request", step.token());
				item.put("action", step.action().label());
				item.put("why", step.why());
				if (results.containsKey(step)) {
					item.put("result", results.get(step));
				}
				return item;
			}).toList());
			json.put("findings", plan.findings().stream().map(finding -> {
				Map<String, Object> item = item(finding.flag() == TokenGovernance.Flag.LEFT ? "request" : "token",
						finding.token());
				item.put("finding", finding.flag().label());
				item.put("why", finding.why());
				return item;
			}).toList());
			Output.json(out, json);
			return;
		}
		err.println("Fine-grained tokens of the bot " + bot + " in " + org + ":");
		if (!plan.steps().isEmpty()) {
			List<List<String>> rows = new ArrayList<>();
			for (TokenGovernance.Step step : plan.steps()) {
				String result = results.getOrDefault(step, "");
				rows.add(List.of(step.action().label(), what(step.action() == Action.REVOKE ? "token" : "request",
						step.token()), step.why() + (result.isEmpty() || result.equals("done") ? "" : " (" + result + ")")));
			}
			Output.table(out, List.of(apply ? "DONE" : "PLAN", "WHAT", "WHY"), rows);
		}
		if (!plan.findings().isEmpty()) {
			if (!plan.steps().isEmpty()) {
				out.println();
			}
			Output.table(out, List.of("FINDING", "WHAT", "WHY"), plan.findings().stream()
				.map(finding -> List.of(finding.flag().label(), what(finding.flag() == TokenGovernance.Flag.LEFT
						? "request" : "token", finding.token()), finding.why()))
				.toList());
		}
		out.flush();
		String counts = Output.count(plan.steps().size(), "step", "steps") + ", "
				+ Output.count(plan.findings().size(), "finding", "findings");
		if (plan.steps().isEmpty()) {
			err.println("Nothing to apply (" + counts + ").");
		}
		else if (!apply) {
			err.println(counts + ". Run again with --apply to revoke, approve and deny as planned.");
		}
		else {
			long failed = results.values().stream().filter(result -> !result.equals("done")).count();
			err.println(counts + ": " + (failed == 0 ? "all applied." : failed + " failed (see above)."));
		}
	}

	private static String what(String kind, OrgTokens.Token token) {
		return kind + " " + token.id() + " '" + Printable.of(token.name(), 60) + "' of " + token.owner();
	}

	private static Map<String, Object> item(String kind, OrgTokens.Token token) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("kind", kind);
		item.put("id", token.id());
		item.put("token_id", token.tokenId());
		item.put("token_name", token.name());
		item.put("owner", token.owner());
		item.put("repositories", token.all() ? List.of("*") : token.repositories().stream().map(Object::toString).toList());
		item.put("expires_at", token.expiresAt().map(Object::toString).orElse(null));
		item.put("last_used_at", token.lastUsedAt().map(Object::toString).orElse(null));
		token.reason().ifPresent(reason -> item.put("reason", reason));
		return item;
	}

}
