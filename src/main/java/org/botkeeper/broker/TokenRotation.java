package org.botkeeper.broker;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.TokenIntrospection;
import org.botkeeper.github.TokenProbe;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.TokenHealth;
import org.botkeeper.sync.TokenKind;

/**
 * The check {@code token rotate} makes before it stores a new token: used as itself, the token must be
 * accepted by GitHub, belong to the bot account recorded in Vault, read the binding's repository and,
 * where GitHub tells, carry enough access there. Each refusal says what is wrong and what to do; the
 * caller stores nothing then.
 */
public final class TokenRotation {

	/**
	 * A token that passed: whose it is, its kind and the expiry GitHub reported in
	 * {@code github-authentication-token-expiration} (empty: it does not expire).
	 */
	public record Accepted(String login, TokenKind kind, Optional<Instant> expiresAt) {
	}

	private final TokenProbe probe;

	public TokenRotation(TokenProbe probe) {
		this.probe = probe;
	}

	/**
	 * Checks {@code token} as itself: {@code GET /user} (whose it is), then {@code GET /repos/OWNER/REPO}
	 * (it reaches the repository, and the bot's role there).
	 *
	 * @param botLogin the bot account recorded in Vault
	 * @param permissions the permissions the token was asked for; {@code contents} at {@code write} or more
	 *        needs GitHub's {@code permissions.push} on the repository, the only one GitHub reports there
	 * @throws UserFacingException when the token is refused; nothing may be stored
	 */
	public Accepted check(RepositoryName repository, SecretValue token, String botLogin, Map<String, String> permissions) {
		TokenProbe.Owner owner = probe.owner(token);
		if (owner.login().isEmpty()) {
			throw refused("GitHub does not accept this token (401 Bad credentials): it has expired, was revoked or "
					+ "was not copied whole. Create a new one with the link above and run 'botkeeper token rotate "
					+ repository + "' again.");
		}
		String login = owner.login().get();
		if (!login.equalsIgnoreCase(botLogin)) {
			throw refused("This token belongs to GitHub user '" + login + "', not to the bot account '" + botLogin
					+ "' recorded in Vault. Sign in to GitHub as " + botLogin + " ('botkeeper account password', "
					+ "'botkeeper totp code'), create the token there with the link above and run this again; delete "
					+ "the token you made as " + login + " at https://github.com/settings/personal-access-tokens.");
		}
		TokenProbe.Answer answer = probe.probe(repository, token);
		if (answer.verdict() == TokenHealth.Verdict.REVOKED) {
			throw refused("GitHub stopped accepting this token while it was checked (401): create a new one and run "
					+ "this again.");
		}
		if (answer.verdict() == TokenHealth.Verdict.NO_ACCESS) {
			throw refused("This token of '" + login + "' cannot read " + repository + " (GitHub answered 404 or 403). "
					+ "In the token's settings choose 'Only select repositories' and add " + repository + "; if it "
					+ "is there, check that " + login + " is a collaborator of " + repository + ".");
		}
		boolean needsPush = permissions.containsKey("contents") && !"read".equals(permissions.get("contents"));
		if (needsPush && answer.permissions().isPresent() && !answer.permissions().get().push()) {
			throw refused("GitHub says '" + login + "' cannot push to " + repository + " (permissions.push is false), "
					+ "which contents:" + permissions.get("contents") + " needs. Give " + login + " write access to "
					+ repository + ", or rotate with --permission contents:read if the bot only reads.");
		}
		TokenIntrospection introspection = answer.introspection().expiresAt().isPresent() ? answer.introspection()
				: owner.introspection();
		return new Accepted(login, introspection.kind(), introspection.expiresAt());
	}

	private static UserFacingException refused(String why) {
		return UserFacingException.badInput("Refused: " + why + " Nothing was stored.");
	}

}
