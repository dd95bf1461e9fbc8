package org.botkeeper.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.botkeeper.failure.ExitCodes;
import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.broker.TokenCheck;
import org.botkeeper.sync.TokenHealth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper token check}: does each stored token still work, when does it expire, is it too broad? */
@Command(name = "check", sortOptions = false,
		description = { "Uses each stored token on its own repository and records what GitHub says.",
				"One GET /repos/OWNER/REPO as the token: works, revoked (401) or lacks access (403/404); its kind, the",
				"expiry GitHub reports and, for classic tokens, scopes beyond what a bot needs. The result is kept in",
				"Vault at health/OWNER/REPO: sync blocks a revoked or expired token, status shows days to expiry.",
				"Runs as the broker (its Vault policy is the one that reads token values). It exits 1 when a token is",
				"revoked, lacks access, is broader than needed or could not be checked.", "",
				"Examples:", "  botkeeper token check", "  botkeeper token check jupyterhub/binderhub --format json" })
final class TokenCheckCommand implements java.util.concurrent.Callable<Integer> {

	@Mixin
	private BrokerContext context;

	@Mixin
	private TableOptions table;

	@Option(names = "--needed-scopes", paramLabel = "SCOPE[,SCOPE...]", split = ",",
			description = "Classic scopes a bot token may have; others are flagged (default: repo,workflow).")
	private List<String> neededScopes = List.copyOf(TokenHealth.NEEDED_SCOPES);

	@Override
	public Integer call() {
		var repositories = context.repositories();
		BrokerAssembly assembly = context.assemble(context.env());
		Set<String> needed = new LinkedHashSet<>();
		neededScopes.forEach(scope -> needed.add(scope.strip().toLowerCase(java.util.Locale.ROOT)));
		List<TokenCheck.Checked> results = assembly.tokenCheck(needed).check(repositories);
		Instant now = Instant.now();
		new ListView<TokenCheck.Checked>(List.of("BINDING", "VERSION", "RESULT", "KIND", "EXPIRES", "SCOPES", "DETAIL"),
				(result, table) -> row(result, now, table), result -> json(result, now),
				"No tokens in Vault to check. Add one with: botkeeper token put OWNER/REPO")
			.print(context, table, results);
		long unhealthy = results.stream().filter(result -> !result.healthy()).count();
		if (!table.json()) {
			context.err().println(Output.count(results.size(), "token", "tokens") + " checked: "
					+ (results.size() - unhealthy) + " fine, " + unhealthy + (unhealthy == 1 ? " needs" : " need")
					+ " attention.");
		}
		return unhealthy == 0 ? ExitCodes.OK : ExitCodes.REMOTE_FAILURE;
	}

	private static String result(TokenCheck.Checked checked) {
		return checked.health().map(health -> health.verdict().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
			.orElse(checked.appMode() ? "app mode" : "not checked");
	}

	private static String detail(TokenCheck.Checked checked) {
		if (checked.error().isPresent()) {
			return checked.error().get();
		}
		TokenHealth health = checked.health().get();
		if (health.verdict() != TokenHealth.Verdict.WORKS) {
			return health.verdict().sentence() + ".";
		}
		if (!health.excessScopes().isEmpty()) {
			return "broader than needed: " + String.join(", ", health.excessScopes().stream().sorted().toList())
					+ ". Store a token with fewer scopes (or a fine-grained one) with 'botkeeper token put'.";
		}
		return "";
	}

	private static String expires(TokenHealth health, Instant now) {
		return health.expiresAt()
			.map(at -> LocalDate.ofInstant(at, ZoneOffset.UTC) + " (" + days(at, now) + "d)")
			.orElse(health.verdict() == TokenHealth.Verdict.WORKS ? "never" : null);
	}

	private static long days(Instant at, Instant now) {
		return Math.floorDiv(Duration.between(now, at).toHours(), 24);
	}

	private static List<String> row(TokenCheck.Checked checked, Instant now, TableOptions table) {
		return Arrays.asList(table.binding(checked.binding()), String.valueOf(checked.version()), result(checked),
				checked.health().map(h -> h.kind().description()).orElse(null),
				checked.health().map(h -> expires(h, now)).orElse(null),
				checked.health().map(h -> String.join(",", h.scopes().stream().sorted().toList())).orElse(null),
				detail(checked));
	}

	private static Map<String, Object> json(TokenCheck.Checked checked, Instant now) {
		Map<String, Object> node = new LinkedHashMap<>();
		node.put("binding", checked.binding().toString());
		node.put("version", checked.version());
		node.put("result", checked.health().map(h -> h.verdict().name()).orElse(checked.appMode() ? "APP_MODE" : "NOT_CHECKED"));
		node.put("healthy", checked.healthy());
		checked.health().ifPresent(health -> {
			node.put("kind", health.kind().name());
			node.put("expires_at", health.expiresAt().map(Output::time).orElse(null));
			node.put("days_to_expiry", health.expiresAt().map(at -> days(at, now)).orElse(null));
			node.put("scopes", health.scopes().stream().sorted().toList());
			node.put("excess_scopes", health.excessScopes().stream().sorted().toList());
			node.put("checked_at", Output.time(health.checkedAt()));
		});
		node.put("detail", detail(checked));
		return node;
	}

}
