package org.botkeeper.cli;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.GitHubObserver;
import org.botkeeper.broker.BrokerAssembly;
import org.botkeeper.broker.BrokerSettings;
import org.botkeeper.sync.InvalidNameException;
import org.botkeeper.sync.RepositoryName;
import picocli.CommandLine.Parameters;

/**
 * The {@link VaultContext} of a command that assembles the broker ({@code sync}, {@code status},
 * {@code guardrails}, {@code token check}): the repositories to limit the run to, and how the broker is assembled from the settings serve reads too ({@link BrokerSettings}: GitHub at
 * {@code GITHUB_API_URL}, writes paced by {@code BOTKEEPER_WRITE_GAP}, default 1s).
 */
final class BrokerContext extends VaultContext {

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

	/** The settings sync and status share with serve (see {@link BrokerSettings}); mounts from options when given. */
	BrokerSettings settings(Map<String, String> env) {
		return BrokerSettings.fromEnvironment(env, vault.kvMount, vault.totpMount);
	}

	BrokerAssembly assemble(Map<String, String> env) {
		return assemble(env, GitHubObserver.NONE);
	}

	/** The same, telling {@code observer} of GitHub's answers and rate-limit waits ({@code sync}'s {@link RateLimitNotice}). */
	BrokerAssembly assemble(Map<String, String> env, GitHubObserver observer) {
		BrokerSettings settings = settings(env);
		VaultOptions.Session session = vault.open(env);
		return new BrokerAssembly(session.connection(), settings, Clock.systemUTC(), observer);
	}

}
