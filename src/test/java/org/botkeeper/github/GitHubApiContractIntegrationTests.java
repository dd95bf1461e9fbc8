package org.botkeeper.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHInvitation;

/**
 * github-api on our transport, through Prism: what issue 7 builds on (a repository with the bot's
 * permissions, the bot's invitations) answers in GitHub's documented shapes.
 */
@ExtendWith(GitHubContractExtension.class)
class GitHubApiContractIntegrationTests {

	@Test
	void repositoryShouldShowTheCallersPermissions(GitHubContract github) throws Exception {
		github.simulator().state().addRepository("jupyterhub/contract-repo").botPermission("write");
		GitHubConnection connection = github.connect(github.newBotPat());

		GHRepository repository = connection.github().getRepository("jupyterhub/contract-repo");

		assertThat(repository.getDefaultBranch()).isEqualTo("main");
		assertThat(repository.hasPushAccess()).isTrue();
		assertThat(repository.hasAdminAccess()).isFalse();
	}

	@Test
	void botShouldSeeAndAcceptItsInvitations(GitHubContract github) throws Exception {
		// Invitations are the invitee's: the writer sees none of the bot's.
		assertThat(github.connect(github.newWriterPat()).github().getMyInvitations()).isEmpty();
		github.simulator().state().invite("jupyterhub/invited-repo", "an-admin").repository().botPermission("none");
		GitHubConnection connection = github.connect(github.newBotPat());

		List<GHInvitation> invitations = connection.github().getMyInvitations();
		assertThat(invitations).hasSize(github.simulator().state().invitations().size()).isNotEmpty();
		for (GHInvitation invitation : invitations) {
			invitation.accept();
		}

		assertThat(github.simulator().state().repository("jupyterhub/invited-repo").botPermission()).isEqualTo("write");
		assertThat(github.simulator().state().invitations()).noneMatch(
				candidate -> candidate.repository().fullName().equals("jupyterhub/invited-repo"));
	}

}
