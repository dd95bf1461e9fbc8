package org.botkeeper.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.failure.ExitCodes;
import org.botkeeper.failure.UserFacingException;
import org.botkeeper.github.BotInvitations;
import org.botkeeper.github.GitHubApi;
import org.botkeeper.github.GitHubConnection;
import org.botkeeper.github.GitHubException;
import org.botkeeper.github.PersonalAccessToken;
import org.botkeeper.vault.BotTokenStore;
import org.botkeeper.vault.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code botkeeper invitations}: the bot's pending repository invitations, accepted from trusted owners only. */
@Command(name = "invitations", sortOptions = false,
		description = { "Lists the bot's pending repository invitations; --accept accepts those from allowed owners.",
				"Acts as the bot itself with the token at bot-token in Vault (the broker's policy reads it; the",
				"account password is never used). Invitations from owners not in the allow-list (--owner, else",
				"$BOTKEEPER_INVITATION_OWNERS, comma-separated) are listed and left alone. With no bot token stored it",
				"exits 1.", "",
				"Examples:", "  botkeeper invitations --owner jupyterhub", "  BOTKEEPER_INVITATION_OWNERS=jupyterhub,binder-examples botkeeper invitations --accept" })
final class InvitationsCommand implements java.util.concurrent.Callable<Integer> {

	@Mixin
	private VaultContext context;

	@Mixin
	private TableOptions table;

	@Option(names = "--accept", description = "Accept the invitations from allowed owners (default: only list).")
	private boolean accept;

	@Option(names = "--owner", paramLabel = "OWNER", split = ",",
			description = "An owner (organisation or user) whose invitations may be accepted; repeatable. "
					+ "Default: $BOTKEEPER_INVITATION_OWNERS.")
	private List<String> owners = List.of();

	@Override
	public Integer call() {
		Map<String, String> env = context.env();
		Set<String> allowed = allowed(env);
		if (accept && allowed.isEmpty()) {
			throw UserFacingException.badInput("--accept needs an allow-list of owners: pass --owner OWNER or set "
					+ "BOTKEEPER_INVITATION_OWNERS. Nothing was accepted.");
		}
		GitHubApi api;
		try {
			api = GitHubApi.fromEnvironment(env);
		}
		catch (IllegalArgumentException ex) {
			throw UserFacingException.badInput(ex.getMessage());
		}
		VaultOptions.Session session = context.open();
		BotInvitations invitations;
		try (SecretValue token = new BotTokenStore(session.connection(), session.layout(), Policy.BROKER.policyName()).read()
			.orElseThrow(() -> new org.botkeeper.vault.MissingRecordException("No bot token in Vault mount '"
					+ session.layout().kvMount() + "': botkeeper cannot act as the bot. Store one with "
					+ "'botkeeper bot-token set'."))) {
			invitations = new BotInvitations(
					GitHubConnection.open(api, new PersonalAccessToken(SecretValue.of(token.chars().clone()))));
		}
		List<Map<String, Object>> rows = new java.util.ArrayList<>();
		try {
			for (BotInvitations.Pending pending : invitations.pending()) {
				boolean trusted = allowed.contains(pending.repository().owner().toLowerCase(Locale.ROOT));
				String decision;
				if (!trusted) {
					decision = "left alone: owner '" + pending.repository().owner() + "' is not in the allow-list";
				}
				else if (accept) {
					invitations.accept(pending);
					decision = "accepted";
				}
				else {
					decision = "allowed: rerun with --accept to accept";
				}
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("repository", pending.repository().toString());
				row.put("inviter", pending.inviter());
				row.put("invited_at", Output.time(pending.createdAt()));
				row.put("allowed", trusted);
				row.put("accepted", trusted && accept);
				row.put("decision", decision);
				rows.add(row);
			}
		}
		catch (GitHubException ex) {
			throw new GitHubException(ex.getMessage() + hint(ex), ex.status(), ex);
		}
		print(rows, allowed);
		return ExitCodes.OK;
	}

	private static String hint(GitHubException ex) {
		return ex.status() == 401 ? " Store a current token of the bot with 'botkeeper bot-token set'." : "";
	}

	/** An invitation is one JSON object (built in {@link #call}); the table shows four of its fields. */
	private static final ListView<Map<String, Object>> VIEW = new ListView<>(
			List.of("REPOSITORY", "INVITER", "INVITED", "DECISION"),
			(row, table) -> Arrays.asList((String) row.get("repository"), (String) row.get("inviter"),
					(String) row.get("invited_at"), (String) row.get("decision")),
			row -> row, "The bot has no pending repository invitations.");

	private void print(List<Map<String, Object>> rows, Set<String> allowed) {
		VIEW.print(context, table, rows);
		if (table.json() || rows.isEmpty()) {
			return;
		}
		context.err().println("Allowed owners: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed))
				+ ".");
	}

	private Set<String> allowed(Map<String, String> env) {
		Set<String> allowed = new TreeSet<>();
		List<String> given = owners.isEmpty() && env.get("BOTKEEPER_INVITATION_OWNERS") != null
				? List.of(env.get("BOTKEEPER_INVITATION_OWNERS").split(",")) : owners;
		for (String owner : given) {
			String name = owner.strip();
			if (name.isEmpty()) {
				continue;
			}
			if (!name.matches("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")) {
				throw UserFacingException.badInput("Invalid owner '" + name + "' in the invitation allow-list: use a "
						+ "GitHub user or organisation name (letters, digits, '-').");
			}
			allowed.add(name.toLowerCase(Locale.ROOT));
		}
		return allowed;
	}

}
