package org.botkeeper.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.GitHubApi;
import org.botkeeper.github.GitHubLimits;
import org.botkeeper.service.BrokerAssembly;
import org.botkeeper.sync.InvalidNameException;
import org.botkeeper.sync.RepositoryName;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * What {@code sync} and {@code status} share: the Vault options, the repositories to limit the run
 * to, and how the broker is assembled (GitHub at {@code GITHUB_API_URL}, writes paced by
 * {@code BOTKEEPER_WRITE_GAP}, default 1 s).
 */
final class BrokerOptions {

	@Mixin
	VaultOptions vault;

	@Parameters(paramLabel = "OWNER/REPO", arity = "0..*",
			description = "Limit the run to these repositories (default: every binding in Vault).")
	List<String> repositories = List.of();

	/** Validated before any request, so a typo exits 2 without touching Vault or GitHub. */
	Set<RepositoryName> repositories() {
		Set<RepositoryName> names = new LinkedHashSet<>();
		for (String text : repositories) {
			try {
				names.add(RepositoryName.parse(text));
			}
			catch (InvalidNameException ex) {
				throw UserFacingException.badInput(ex.getMessage());
			}
		}
		return names;
	}

	BrokerAssembly assemble(Map<String, String> env) {
		GitHubApi api;
		try {
			api = GitHubApi.fromEnvironment(env);
		}
		catch (IllegalArgumentException ex) {
			throw UserFacingException.badInput(ex.getMessage());
		}
		GitHubLimits limits = GitHubLimits.defaults().withMutationGap(writeGap(env));
		VaultOptions.Session session = vault.open(env);
		return new BrokerAssembly(session.connection(), session.layout(), session.defaults(), api, limits,
				Clock.systemUTC());
	}

	private static Duration writeGap(Map<String, String> env) {
		String text = env.get("BOTKEEPER_WRITE_GAP");
		if (text == null || text.isBlank()) {
			return Duration.ofSeconds(1);
		}
		try {
			Duration gap = Duration.parse(text.startsWith("P") ? text : "PT" + text.toUpperCase(java.util.Locale.ROOT));
			if (gap.isNegative()) {
				throw UserFacingException.badInput("BOTKEEPER_WRITE_GAP must not be negative, got '" + text + "'.");
			}
			return gap;
		}
		catch (DateTimeParseException ex) {
			throw UserFacingException.badInput("BOTKEEPER_WRITE_GAP='" + text + "' is not a duration: use e.g. 1s, "
					+ "500ms is not supported, write 0.5s.");
		}
	}

}
