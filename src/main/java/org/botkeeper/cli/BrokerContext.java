package org.botkeeper.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.sync.InvalidNameException;
import org.botkeeper.sync.RepositoryName;
import picocli.CommandLine.Parameters;

/**
 * The {@link VaultContext} of a command that assembles the broker for a run over bindings ({@code sync},
 * {@code status}, {@code guardrails}, {@code token check}): the repositories to limit the run to.
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

}
