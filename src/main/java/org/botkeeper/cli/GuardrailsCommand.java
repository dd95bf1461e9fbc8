package org.botkeeper.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.GuardrailFinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper guardrails}: can a bound token do more harm than it should? */
@Command(name = "guardrails", sortOptions = false,
		description = { "Checks, per bound repository, what keeps the bot's token from doing harm.",
				"default-branch: the bot cannot push to it (required reviews, push restrictions without the bot, a",
				"ruleset, or a role below write); environment: it exists and only protected branches deploy to it",
				"(reviewers: noted, or required with --require-reviewers); secret-scope: the token is not also a",
				"repository or organisation secret. Runs as the broker (bound tokens tell the bot's role).",
				"A check the writer may not make (branch protection needs a repository admin or Administration read,",
				"organisation secrets an owner with admin:org) is UNCHECKED, says what was refused, and the others go on.",
				"Without OWNER/REPO each organisation secret ('org-secret put') is checked too: visible to its",
				"selected repositories only (secret-scope).",
				"It exits 1 when a check failed or could not be made.",
				"", "Examples:", "  botkeeper guardrails --bot-login jupyterhub-bot",
				"  botkeeper guardrails jupyterhub/binderhub --format json" })
final class GuardrailsCommand implements java.util.concurrent.Callable<Integer> {

	@Mixin
	private BrokerContext context;

	@Mixin
	private TableOptions table;

	@Option(names = "--bot-login", paramLabel = "LOGIN",
			description = "The bot account's GitHub login, to check push restrictions (default: $BOTKEEPER_BOT_LOGIN).")
	private String botLogin;

	@Option(names = "--require-reviewers", description = "Fail environments that need no reviewer's approval.")
	private boolean requireReviewers;

	@Option(names = "--organisation", paramLabel = "ORG", description = "Check the organisation secrets of ORG; "
			+ "repeatable. Alone it checks no repository binding; with OWNER/REPO also theirs (as sync --organisation).")
	private List<String> organisationNames = new java.util.ArrayList<>();

	@Override
	public Integer call() {
		var repositories = context.repositories();
		Map<String, String> env = context.env();
		Optional<String> login = Optional.ofNullable(botLogin)
			.or(() -> Optional.ofNullable(env.get("BOTKEEPER_BOT_LOGIN")))
			.map(String::strip)
			.filter(text -> !text.isEmpty());
		if (login.isPresent() && !login.get().matches("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")) {
			throw UserFacingException.badInput("Invalid bot login '" + login.get() + "': use a GitHub user name.");
		}
		Set<String> organisations = new java.util.TreeSet<>();
		organisationNames.forEach(name -> organisations.add(org.botkeeper.sync.OrgSecretTarget.organisation(name)));
		List<GuardrailFinding> findings = context.assemble(env)
			.guardrails(login, requireReviewers)
			.check(repositories, organisations);
		VIEW.print(context, table, findings);
		long failed = findings.stream().filter(f -> f.result() == GuardrailFinding.Result.FAILED).count();
		long unchecked = findings.stream().filter(f -> f.result() == GuardrailFinding.Result.UNCHECKED).count();
		if (!table.json()) {
			context.err().println(Output.count(findings.size(), "check", "checks") + ": "
					+ (findings.size() - failed - unchecked) + " passed, " + failed + " failed"
					+ (unchecked == 0 ? "." : ", " + unchecked + " could not be made (UNCHECKED: the finding says why)."));
		}
		return failed + unchecked == 0 ? ExitCodes.OK : ExitCodes.REMOTE_FAILURE;
	}

	private static final ListView<GuardrailFinding> VIEW = new ListView<>(
			List.of("BINDING", "CHECK", "RESULT", "FINDING", "FIX"),
			(f, table) -> Arrays.asList(f.binding().map(table::binding).orElse(f.subject()), f.check(), result(f),
					f.message(), f.fix()),
			GuardrailsCommand::json, "No bindings in Vault to check.");

	private static String result(GuardrailFinding finding) {
		return switch (finding.result()) {
			case PASSED -> "ok";
			case FAILED -> "FAIL";
			case UNCHECKED -> "UNCHECKED";
		};
	}

	private static Map<String, Object> json(GuardrailFinding finding) {
		Map<String, Object> node = new LinkedHashMap<>();
		node.put("binding", finding.subject());
		node.put("check", finding.check());
		node.put("passed", finding.passed());
		node.put("result", finding.result().name().toLowerCase(java.util.Locale.ROOT));
		node.put("finding", finding.message());
		node.put("fix", finding.fix().isEmpty() ? null : finding.fix());
		return node;
	}

}
