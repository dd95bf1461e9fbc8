package org.botkeeper.broker;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.github.BotReach;
import org.botkeeper.github.GitHubConnection;
import org.botkeeper.github.GitHubException;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.vault.BotTokenStore;
import org.botkeeper.vault.TokenStore;

/**
 * {@code footprint} as the broker, for the CLI and {@code serve} alike: the bindings and the bot's own
 * token from Vault, GitHub asked as the bot ({@link BotReach}), and the comparison ({@link BotFootprint}).
 */
public final class FootprintAudit {

	/**
	 * What is compared: the organisations looked at and the bindings in them.
	 *
	 * @param organisations empty when none was named and there is no binding
	 * @param elsewhere organisations not looked at because their writer names another GitHub host (the
	 *        organisation, that host's API): the bot's token is for {@code GITHUB_API_URL}, and asking there
	 *        about them would report every binding of theirs as missing
	 */
	public record Scope(Set<String> organisations, Set<RepositoryName> bindings, Map<String, String> elsewhere) {
	}

	/** The bot's reach in the scope's organisations, and what that means against the bindings. */
	public record Result(Set<String> organisations, BotReach.View view, BotFootprint footprint,
			List<BotFootprint.Finding> findings) {
	}

	private final TokenStore tokens;

	private final BotTokenStore botToken;

	private final Function<SecretValue, GitHubConnection> asBot;

	private final Function<String, Optional<String>> otherHost;

	private final String kvMount;

	/**
	 * @param asBot opens GitHub with the bot's token (a copy the connection keeps)
	 * @param otherHost an owner's writer's GitHub API when it is not the deployment's, else empty
	 */
	FootprintAudit(TokenStore tokens, BotTokenStore botToken, Function<SecretValue, GitHubConnection> asBot,
			Function<String, Optional<String>> otherHost, String kvMount) {
		this.tokens = tokens;
		this.botToken = botToken;
		this.asBot = asBot;
		this.otherHost = otherHost;
		this.kvMount = kvMount;
	}

	/**
	 * {@code organisations}, or the owners of the bindings when empty, less those on another GitHub host; the
	 * bindings in them. Reads Vault only.
	 */
	public Scope scope(Set<String> organisations) {
		Set<RepositoryName> bindings = new LinkedHashSet<>(tokens.list());
		// Case-insensitive, as GitHub's names are and as both sources give them.
		Set<String> orgs = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		orgs.addAll(organisations.isEmpty() ? BotFootprint.organisationsOf(bindings) : organisations);
		Map<String, String> elsewhere = new TreeMap<>();
		for (String org : orgs) {
			otherHost.apply(org).ifPresent(host -> elsewhere.put(org, host));
		}
		orgs.removeAll(elsewhere.keySet());
		bindings.removeIf(binding -> !orgs.contains(binding.owner()));
		return new Scope(java.util.Collections.unmodifiableSet(orgs), bindings, Map.copyOf(elsewhere));
	}

	/** What to say of an organisation {@link Scope#elsewhere} holds (names the host, never a value). */
	public static String notLookedAt(String organisation, String host) {
		return "Not looked at: " + organisation + ", whose writer names the GitHub API " + host + "; footprint asks "
				+ "as the bot on GITHUB_API_URL only (the bot's account there is another one).";
	}

	/** The footprint in {@code scope}, asked as the bot; empty when no bot token is stored. */
	public Optional<Result> check(Scope scope) {
		Optional<SecretValue> stored = botToken.read();
		if (stored.isEmpty()) {
			return Optional.empty();
		}
		BotReach.View view;
		try (SecretValue token = stored.get()) {
			view = new BotReach(asBot.apply(SecretValue.of(token.chars().clone()))).read(scope.organisations());
		}
		catch (GitHubException ex) {
			throw new GitHubException(ex.getMessage() + (ex.status() == 401
					? " Store a current token of the bot with 'botkeeper bot-token set'." : ""), ex.status(), ex);
		}
		BotFootprint footprint = new BotFootprint(view, scope.bindings());
		return Optional.of(new Result(scope.organisations(), view, footprint, footprint.findings()));
	}

	/** What to say when {@link #check} found no bot token (names the mount, never a value). */
	public String noBotToken() {
		return "No bot token in Vault mount '" + kvMount + "': botkeeper cannot ask GitHub as the bot. Store one with "
				+ "'botkeeper bot-token set'.";
	}

}
