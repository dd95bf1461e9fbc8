package org.botkeeper.broker;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.botkeeper.github.OrgTokens.Token;
import org.botkeeper.sync.RepositoryName;

/**
 * The organisation's fine-grained tokens joined with the bindings: what to do about the bot's tokens and
 * requests, each with its reason. A plan only; the caller applies it.
 *
 * <p>Which of the bot's tokens a binding uses now is told by the expiry recorded with the binding's token
 * in Vault (from GitHub's header when it was stored): the one bot token that selects the binding's
 * repository and expires that day (or never, when none is recorded). GitHub never shows a token's value
 * to the organisation, so this is the only link; when it is not exactly one token, nothing of that
 * repository is revoked and the plan says why. A bot token that selects only bound repositories, each
 * with a current token granted after it, is the previous token of a rotation: revoked.
 */
public final class TokenGovernance {

	/** Something to do, with {@code --apply}. */
	public enum Action {

		REVOKE, APPROVE, DENY;

		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** Something for a person to look at: nothing is done about it. */
	public enum Flag {

		NO_BINDING, UNUSED, EXCESS, UNMATCHED, LEFT;

		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
		}

	}

	/** A step of the plan: a token (revoke) or a request (approve, deny). */
	public record Step(Action action, Token token, String why) {
	}

	/** A finding: a token (or someone else's request, left alone) and why it is flagged. */
	public record Finding(Flag flag, Token token, String why) {
	}

	public record Plan(List<Step> steps, List<Finding> findings) {

		public Plan {
			steps = List.copyOf(steps);
			findings = List.copyOf(findings);
		}

	}

	private final String bot;

	private final Map<RepositoryName, Optional<LocalDate>> bindings;

	private final Instant now;

	private final Duration unused;

	/**
	 * @param bot the bot account's login
	 * @param bindings the organisation's bindings that hold a personal access token (App-mode ones hold
	 *        none), each with the expiry recorded in Vault (empty: the token does not expire)
	 * @param unused how long without use flags a token
	 */
	public TokenGovernance(String bot, Map<RepositoryName, Optional<LocalDate>> bindings, Instant now, Duration unused) {
		this.bot = bot;
		this.bindings = Map.copyOf(bindings);
		this.now = now;
		this.unused = unused;
	}

	public Plan plan(List<Token> tokens, List<Token> requests) {
		List<Token> mine = tokens.stream().filter(this::bots).sorted(Comparator.comparingLong(Token::id)).toList();
		List<Step> steps = new ArrayList<>();
		List<Finding> findings = new ArrayList<>();
		for (Token token : mine) {
			Set<RepositoryName> bound = bound(token);
			Set<RepositoryName> serves = bound.stream().filter(repository -> current(mine, repository)
				.filter(current -> current.id() == token.id()).isPresent()).collect(Collectors.toCollection(LinkedHashSet::new));
			if (!serves.isEmpty()) {
				excess(token, serves).ifPresent(findings::add);
			}
			else if (bound.isEmpty()) {
				findings.add(new Finding(Flag.NO_BINDING, token, "selects " + selection(token)
						+ ", and no binding in Vault holds a personal access token there"));
			}
			else {
				Optional<String> previous = previous(mine, token, bound);
				if (previous.isPresent()) {
					steps.add(new Step(Action.REVOKE, token, previous.get()));
					continue;
				}
				findings.add(new Finding(Flag.UNMATCHED, token, "selects " + names(bound) + ", but its expiry ("
						+ expiry(token) + ") is not the one Vault records there (" + bound.stream()
							.map(repository -> repository + ": " + bindings.get(repository).map(Object::toString).orElse("none"))
							.collect(Collectors.joining(", "))
						+ "), so botkeeper cannot tell whether a binding still uses it; nothing is revoked"));
			}
			Instant since = token.lastUsedAt().orElse(token.grantedAt());
			if (since.isBefore(now.minus(unused))) {
				findings.add(new Finding(Flag.UNUSED, token, token.lastUsedAt()
					.map(at -> "last used " + date(at)).orElse("never used since access was granted " + date(since))
						+ ", more than " + unused.toDays() + " days ago"));
			}
		}
		for (Token request : requests.stream().sorted(Comparator.comparingLong(Token::id)).toList()) {
			if (!bots(request)) {
				findings.add(new Finding(Flag.LEFT, request, "a request of " + request.owner()
						+ ", not of the bot " + bot + ": left for the organisation's owners"));
				continue;
			}
			steps.add(review(request));
		}
		return new Plan(steps, findings);
	}

	private Step review(Token request) {
		if (request.all()) {
			return new Step(Action.DENY, request, "asks for all repositories of the organisation; a bot token "
					+ "should select only its binding's repository");
		}
		Set<RepositoryName> unbound = new LinkedHashSet<>(request.repositories());
		unbound.removeAll(bindings.keySet());
		if (request.repositories().isEmpty()) {
			return new Step(Action.DENY, request, "asks for no repository of the organisation; no binding needs it");
		}
		if (!unbound.isEmpty()) {
			return new Step(Action.DENY, request, "asks for " + names(unbound) + ", which no binding in Vault needs");
		}
		return new Step(Action.APPROVE, request, "asks only for bound repositories: " + names(
				new LinkedHashSet<>(request.repositories())));
	}

	/** The one bot token a binding uses now, as its recorded expiry tells; empty when not exactly one. */
	private Optional<Token> current(List<Token> mine, RepositoryName repository) {
		Optional<LocalDate> recorded = bindings.get(repository);
		List<Token> matching = mine.stream()
			.filter(token -> selects(token, repository))
			.filter(token -> token.expiresAt().map(TokenGovernance::date).equals(recorded))
			.toList();
		return matching.size() == 1 ? Optional.of(matching.getFirst()) : Optional.empty();
	}

	/** Why {@code token} is the previous token of every binding it selects, or empty when it is not. */
	private Optional<String> previous(List<Token> mine, Token token, Set<RepositoryName> bound) {
		List<String> successors = new ArrayList<>();
		for (RepositoryName repository : bound) {
			Optional<Token> current = current(mine, repository);
			if (current.isEmpty() || !current.get().grantedAt().isAfter(token.grantedAt())) {
				return Optional.empty();
			}
			successors.add(repository + " uses '" + current.get().name() + "' now (expires " + expiry(current.get())
					+ ", as recorded in Vault)");
		}
		return Optional.of("replaced by a rotation: " + String.join("; ", successors));
	}

	private Optional<Finding> excess(Token token, Set<RepositoryName> serves) {
		if (token.all()) {
			return Optional.of(new Finding(Flag.EXCESS, token, "selects all repositories of the organisation; its "
					+ "binding needs only " + names(serves)));
		}
		Set<RepositoryName> more = new LinkedHashSet<>(token.repositories());
		more.removeAll(serves);
		return more.isEmpty() ? Optional.empty() : Optional.of(new Finding(Flag.EXCESS, token, "selects also "
				+ names(more) + "; its binding needs only " + names(serves)));
	}

	private Set<RepositoryName> bound(Token token) {
		return bindings.keySet().stream().filter(repository -> selects(token, repository))
			.sorted(Comparator.comparing(RepositoryName::toString))
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	private static boolean selects(Token token, RepositoryName repository) {
		return token.all() ? token.repositories().isEmpty() || token.repositories().contains(repository)
				: token.repositories().contains(repository);
	}

	private boolean bots(Token token) {
		return token.owner().equalsIgnoreCase(bot);
	}

	private static String selection(Token token) {
		return token.all() ? "all repositories" : token.repositories().isEmpty() ? "no repository"
				: names(new LinkedHashSet<>(token.repositories()));
	}

	private static String names(Set<RepositoryName> repositories) {
		return repositories.stream().map(RepositoryName::toString).collect(Collectors.joining(", "));
	}

	private static String expiry(Token token) {
		return token.expiresAt().map(at -> date(at).toString()).orElse("never");
	}

	private static LocalDate date(Instant at) {
		return LocalDate.ofInstant(at, ZoneOffset.UTC);
	}

}
