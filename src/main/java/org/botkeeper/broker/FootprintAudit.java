package org.botkeeper.broker;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
	 */
	public record Scope(Set<String> organisations, Set<RepositoryName> bindings) {
	}

	/** The bot's reach in the scope's organisations, and what that means against the bindings. */
	public record Result(Set<String> organisations, BotReach.View view, BotFootprint footprint,
			List<BotFootprint.Finding> findings) {
	}

	private final TokenStore tokens;

	private final BotTokenStore botToken;

	private final Function<SecretValue, GitHubConnection> asBot;

	private final String kvMount;

	/** @param asBot opens GitHub with the bot's token (a copy the connection keeps) */
	FootprintAudit(TokenStore tokens, BotTokenStore botToken, Function<SecretValue, GitHubConnection> asBot,
			String kvMount) {
		this.tokens = tokens;
		this.botToken = botToken;
		this.asBot = asBot;
		this.kvMount = kvMount;
	}

	/** {@code organisations}, or the owners of the bindings when empty; the bindings in them. Reads Vault only. */
	public Scope scope(Set<String> organisations) {
		Set<RepositoryName> bindings = new LinkedHashSet<>(tokens.list());
		Set<String> orgs = organisations.isEmpty() ? BotFootprint.organisationsOf(bindings) : organisations;
		bindings.removeIf(binding -> !orgs.contains(binding.owner()));
		return new Scope(orgs, bindings);
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
