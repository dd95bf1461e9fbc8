package org.botkeeper.broker;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.GitHubException;
import org.botkeeper.github.TokenProbe;
import org.botkeeper.sync.Binding;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.TokenHealth;
import org.botkeeper.vault.StoredToken;
import org.botkeeper.vault.TokenHealthStore;
import org.botkeeper.vault.TokenRecord;
import org.botkeeper.sync.Reason;
import org.botkeeper.sync.TokenKind;
import org.botkeeper.vault.TokenStore;

/**
 * {@code token check}: uses every stored token (or the ones asked for) on its own repository and
 * records what GitHub said at {@code health/OWNER/REPO}, where sync and status find it. Runs as the
 * broker, the only identity whose policy reads token values.
 */
public final class TokenCheck {

	/** One binding's outcome: the health recorded, or why no check could be made. */
	public record Checked(Binding binding, long version, Optional<TokenHealth> health, Optional<String> error,
			boolean appMode) {

		Checked(Binding binding, long version, Optional<TokenHealth> health, Optional<String> error) {
			this(binding, version, health, error, false);
		}

		public boolean healthy() {
			return health.map(TokenHealth::healthy).orElse(appMode);
		}

	}

	private final TokenStore tokens;

	private final TokenHealthStore store;

	/** The probe of a repository's token: on the GitHub host its owner lives on. */
	private final Function<RepositoryName, TokenProbe> probes;

	private final Set<String> neededScopes;

	private final Clock clock;

	public TokenCheck(TokenStore tokens, TokenHealthStore store, Function<RepositoryName, TokenProbe> probes,
			Set<String> neededScopes, Clock clock) {
		this.tokens = tokens;
		this.store = store;
		this.probes = probes;
		this.neededScopes = Set.copyOf(neededScopes);
		this.clock = clock;
	}

	public List<Checked> check(Set<RepositoryName> only) {
		List<RepositoryName> repositories = only.isEmpty() ? tokens.list()
				: only.stream().sorted(Comparator.comparing(RepositoryName::toString)).toList();
		List<Checked> results = new ArrayList<>();
		for (RepositoryName repository : repositories) {
			checkOne(repository, !only.isEmpty()).ifPresent(results::add);
		}
		return results;
	}

	private Optional<Checked> checkOne(RepositoryName repository, boolean asked) {
		Optional<StoredToken> stored = tokens.read(repository);
		if (stored.isEmpty()) {
			Optional<TokenRecord> record = tokens.record(repository);
			if (record.isEmpty() && asked) {
				throw UserFacingException.badInput("No token record for " + repository
						+ " in Vault. Store one with 'botkeeper token put " + repository + "'.");
			}
			// Listed a moment ago and gone now: nothing to check.
			return record.map(r -> new Checked(r.binding(), r.version(), Optional.empty(),
					Optional.of("the latest version of the token record has no value (deleted in Vault?)")));
		}
		try (StoredToken token = stored.get()) {
			TokenRecord record = token.record();
			if (record.app() != null) {
				// The value is a GitHub App key, never sent as a bearer token; what GitHub receives is
				// minted per push and lives one hour.
				return Optional.of(new Checked(record.binding(), record.version(), Optional.empty(),
						Optional.of("GitHub App mode (App " + record.app().appId()
								+ "): installation tokens are minted per push; nothing to check"), true));
			}
			if (TokenKind.of(token.value().chars()).isEmpty()) {
				// Not a GitHub token (a key or password without App settings): never sent to GitHub.
				return Optional.of(new Checked(record.binding(), record.version(), Optional.empty(),
						Optional.of(Reason.NOT_A_GITHUB_TOKEN.sentence())));
			}
			TokenProbe.Answer answer;
			try {
				answer = probes.apply(repository).probe(repository, token.value());
			}
			catch (GitHubException ex) {
				// Rate limits, outages: nothing learned about the token, so nothing is recorded.
				return Optional.of(
						new Checked(record.binding(), record.version(), Optional.empty(), Optional.of(ex.getMessage())));
			}
			Set<String> scopes = TokenProbe.scopes(answer.introspection());
			TokenHealth health = new TokenHealth(record.version(), Optional.ofNullable(record.updatedTime()),
					answer.verdict(), answer.introspection().kind(), answer.introspection().expiresAt(), scopes,
					TokenHealth.excess(scopes, neededScopes), clock.instant());
			store.record(repository, health);
			return Optional.of(new Checked(record.binding(), record.version(), Optional.of(health), Optional.empty()));
		}
	}

}
