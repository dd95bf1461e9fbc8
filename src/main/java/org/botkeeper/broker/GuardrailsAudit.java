package org.botkeeper.broker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.GitHubException;
import org.botkeeper.github.GuardrailFinding;
import org.botkeeper.github.Guardrails;
import org.botkeeper.github.TokenProbe;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.StoredToken;
import org.botkeeper.vault.TokenRecord;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.OrgSecretTarget;
import org.botkeeper.sync.TokenKind;
import org.botkeeper.vault.TokenStore;

/**
 * {@code guardrails}: per binding in Vault, the bot's role from its own bound token (read as the
 * broker), then the writer's view of branch protection, environment and secret scopes. A check the
 * writer may not make is reported UNCHECKED by {@link Guardrails}; GitHub failing for a binding as a
 * whole (a 5xx, a repository gone) is one UNCHECKED {@code github} finding for it.
 */
public final class GuardrailsAudit {

	private final TokenStore tokens;

	/** The probe of a repository's bound token, on its owner's GitHub host. */
	private final Function<RepositoryName, TokenProbe> probes;

	/** The checks as the writer of a repository's owner (its own writer, or the default). */
	private final Function<RepositoryName, Guardrails> guardrails;

	/** The organisation secrets botkeeper keeps, read only when no repository is named. */
	private final Supplier<List<OrgSecretTarget>> organisationSecrets;

	/** The checks as the writer of an organisation (its own writer, or the default). */
	private final Function<String, Guardrails> organisations;

	public GuardrailsAudit(TokenStore tokens, Function<RepositoryName, TokenProbe> probes,
			Function<RepositoryName, Guardrails> guardrails, Supplier<List<OrgSecretTarget>> organisationSecrets,
			Function<String, Guardrails> organisations) {
		this.tokens = tokens;
		this.probes = probes;
		this.guardrails = guardrails;
		this.organisationSecrets = organisationSecrets;
		this.organisations = organisations;
	}

	public List<GuardrailFinding> check(Set<RepositoryName> only) {
		return check(only, Set.of());
	}

	/**
	 * The bindings of {@code only} (every binding when both are empty) and the organisation secrets of
	 * {@code onlyOrganisations} (lower case; every one when both are empty), as {@code sync --organisation}
	 * chooses them.
	 */
	public List<GuardrailFinding> check(Set<RepositoryName> only, Set<String> onlyOrganisations) {
		boolean everything = only.isEmpty() && onlyOrganisations.isEmpty();
		List<RepositoryName> repositories = everything ? tokens.list()
				: only.stream().sorted(Comparator.comparing(RepositoryName::toString)).toList();
		List<GuardrailFinding> findings = new ArrayList<>();
		for (RepositoryName repository : repositories) {
			TokenRecord record = tokens.record(repository)
				.orElseThrow(() -> UserFacingException.badInput("No token record for " + repository
						+ " in Vault. Store one with 'botkeeper token put " + repository + "'."));
			Optional<TokenProbe.Permissions> bot = Optional.empty();
			Binding binding = record.binding();
			try {
				Optional<StoredToken> stored = tokens.read(repository);
				if (stored.isPresent()) {
					try (StoredToken token = stored.get()) {
						// The binding as written with the value; an App key (or anything that is not a GitHub
						// token) is never sent to GitHub as a bearer token.
						binding = token.record().binding();
						if (token.record().app() == null && TokenKind.of(token.value().chars()).isPresent()) {
							bot = probes.apply(repository).probe(repository, token.value()).permissions();
						}
					}
				}
				findings.addAll(guardrails.apply(repository).check(binding, bot));
			}
			catch (GitHubException ex) {
				findings.add(GuardrailFinding.unchecked(binding, "github", ex.getMessage(),
						"Check the writer's access to " + repository + " and run again."));
			}
		}
		if (everything || !onlyOrganisations.isEmpty()) {
			// An organisation secret spans repositories: checked when its organisation is named, or nothing is.
			for (OrgSecretTarget target : organisationSecrets.get()) {
				if (!everything && !onlyOrganisations.contains(target.organisation())) {
					continue;
				}
				try {
					findings.add(organisations.apply(target.organisation()).organisationSecret(target));
				}
				catch (GitHubException ex) {
					findings.add(new GuardrailFinding(target.toString(), Optional.empty(), "github",
							GuardrailFinding.Result.UNCHECKED, ex.getMessage(),
							"Check the writer's access to " + target.organisation() + " and run again."));
				}
			}
		}
		return findings;
	}

}
