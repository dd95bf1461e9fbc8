package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our clients for a repository's permissions and the bot's invitations, through Prism: they read and
 * send GitHub's documented shapes.
 */
@ExtendWith(GitHubContractExtension.class)
class GitHubApiContractIntegrationTests {

	@Test
	void repositoryShouldShowTheCallersPermissions(GitHubContract github) {
		github.simulator().state().addRepository("jupyterhub/contract-repo").botPermission("write");
		String bot = LeakCanaries.classicPat();
		github.simulator().credentials().classicToken(bot, SimState.BOT, null, "repo");

		TokenProbe.Answer answer = new TokenProbe(github.api(), GitHubLimits.defaults(), github.time(), github.time())
			.probe(RepositoryName.parse("jupyterhub/contract-repo"), SecretValue.of(bot));

		assertThat(answer.permissions()).contains(new TokenProbe.Permissions(false, true));
	}

	@Test
	void botShouldSeeAndAcceptItsInvitations(GitHubContract github) {
		// Invitations are the invitee's: the writer sees none of the bot's.
		assertThat(new BotInvitations(github.connect(github.newWriterPat())).pending()).isEmpty();
		github.simulator().state().invite("jupyterhub/invited-repo", "an-admin").repository().botPermission("none");
		BotInvitations invitations = new BotInvitations(github.connect(github.newBotPat()));

		List<BotInvitations.Pending> pending = invitations.pending();
		assertThat(pending).hasSize(github.simulator().state().invitations().size())
			.anySatisfy(invitation -> {
				assertThat(invitation.repository()).isEqualTo(RepositoryName.parse("jupyterhub/invited-repo"));
				assertThat(invitation.inviter()).isEqualTo("an-admin");
			});
		pending.forEach(invitations::accept);

		assertThat(github.simulator().state().repository("jupyterhub/invited-repo").botPermission()).isEqualTo("write");
		assertThat(github.simulator().state().invitations()).noneMatch(
				candidate -> candidate.repository().fullName().equals("jupyterhub/invited-repo"));
	}

}
