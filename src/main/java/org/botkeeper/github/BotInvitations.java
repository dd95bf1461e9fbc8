package org.botkeeper.github;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.botkeeper.sync.RepositoryName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bot account's pending repository invitations, read and accepted as the bot itself
 * (<a href="https://docs.github.com/en/rest/collaborators/invitations#list-repository-invitations-for-the-authenticated-user">list</a>,
 * <a href="https://docs.github.com/en/rest/collaborators/invitations#accept-a-repository-invitation">accept</a>).
 * The connection must be opened with the bot's own token.
 */
public final class BotInvitations {

	/** One pending invitation: which repository, who invited the bot, when. */
	public record Pending(long id, RepositoryName repository, String inviter, Instant createdAt) {
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final GitHubTransport bot;

	public BotInvitations(GitHubConnection bot) {
		this.bot = bot.transport();
	}

	public List<Pending> pending() {
		List<Pending> pending = new ArrayList<>();
		ListPages.walk(bot::send, GitHubRequest.get("/user/repository_invitations", "list the bot's repository invitations"),
				response -> {
					JsonNode list = JSON.readTree(response.body());
					for (JsonNode invitation : list) {
						pending.add(new Pending(invitation.path("id").asLong(),
								RepositoryName.parse(invitation.path("repository").path("full_name").asString()),
								invitation.path("inviter").path("login").asString(""),
								Instant.parse(invitation.path("created_at").asString())));
					}
					return list.size();
				});
		pending.sort(Comparator.comparing(p -> p.repository().toString()));
		return pending;
	}

	/** Accepts one invitation; afterwards the bot is a collaborator of that repository. */
	public void accept(Pending invitation) {
		bot.send(GitHubRequest.of("PATCH", "/user/repository_invitations/" + invitation.id(), null,
				"accept the invitation to " + invitation.repository())
			.notFoundHint("The invitation is no longer pending (accepted, declined or withdrawn meanwhile)."));
	}

}
