package org.botkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.botkeeper.crypto.SecretValue;
import org.botkeeper.githubsim.SimState;
import org.botkeeper.testsupport.CliRun;
import org.botkeeper.testsupport.GitHubContract;
import org.botkeeper.testsupport.GitHubContractExtension;
import org.botkeeper.testsupport.LeakCanaries;
import org.botkeeper.testsupport.SyncWorld;
import org.botkeeper.testsupport.VaultCli;
import org.botkeeper.testsupport.VaultFixture;
import org.botkeeper.testsupport.VaultServerExtension;
import org.botkeeper.vault.BotTokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code invitations} as the bot (its token from Vault, read by the broker) against the simulator
 * through Prism: only invitations from allowed owners are accepted; the rest are listed and left.
 */
@ExtendWith({ VaultServerExtension.class, GitHubContractExtension.class })
class InvitationsCommandIntegrationTests {

	private SyncWorld world;

	private VaultFixture vault;

	private String stranger;

	@BeforeEach
	void setUp(VaultFixture vault, GitHubContract github) {
		this.world = new SyncWorld(vault, github);
		this.vault = vault;
		this.stranger = "x" + world.owner;
	}

	private void storeBotToken() {
		String token = LeakCanaries.classicPat();
		world.github.credentials().classicToken(token, SimState.BOT, null, "repo");
		new BotTokenStore(world.admin, world.layout, "botkeeper-admin").set(SecretValue.of(token));
	}

	private VaultCli broker() {
		return VaultCli.as(vault, world.brokerToken).with("GITHUB_API_URL", world.apiUrl());
	}

	@Test
	void acceptShouldTakeOnlyInvitationsFromAllowedOwners() {
		storeBotToken();
		world.github.state().invite(world.owner + "/wanted", "an-admin").repository().botPermission("none");
		world.github.state().invite(stranger + "/unknown", "someone").repository().botPermission("none");

		CliRun run = broker().with("BOTKEEPER_INVITATION_OWNERS", world.owner).run("invitations", "--accept");

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.out()).contains(world.owner + "/wanted").contains("accepted")
			.contains(stranger + "/unknown")
			.contains("left alone: owner '" + stranger + "' is not in the allow-list");
		assertThat(world.github.state().repository(world.owner + "/wanted").botPermission()).isEqualTo("write");
		assertThat(world.github.state().repository(stranger + "/unknown").botPermission()).isEqualTo("none");
		assertThat(world.github.state().invitations())
			.anyMatch(invitation -> invitation.repository().fullName().equals(stranger + "/unknown"))
			.noneMatch(invitation -> invitation.repository().fullName().equals(world.owner + "/wanted"));
	}

	@Test
	void listingShouldAcceptNothing() {
		storeBotToken();
		world.github.state().invite(world.owner + "/listed", "an-admin");

		CliRun run = broker().run("invitations", "--owner", world.owner, "--format", "json");

		assertThat(run.exitCode()).as(run.describe()).isZero();
		assertThat(run.out()).contains("\"repository\" : \"" + world.owner + "/listed\"").contains("\"allowed\" : true")
			.contains("\"accepted\" : false");
		assertThat(world.github.state().invitations())
			.anyMatch(invitation -> invitation.repository().fullName().equals(world.owner + "/listed"));
	}

	@Test
	void acceptWithoutAnAllowListShouldRefuseBeforeAnyRequest() {
		CliRun run = broker().run("invitations", "--accept");
		assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
		assertThat(run.err()).contains("BOTKEEPER_INVITATION_OWNERS");
	}

	@Test
	void aRevokedBotTokenShouldSaySoInOneLine() {
		new BotTokenStore(world.admin, world.layout, "botkeeper-admin").set(SecretValue.of(LeakCanaries.classicPat()));

		CliRun run = broker().run("invitations", "--owner", world.owner);

		assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
		assertThat(run.err()).contains("401").contains("botkeeper bot-token set").hasLineCount(1);
	}

}
