package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.botkeeper.failure.UserFacingException;
import org.junit.jupiter.api.Test;

/**
 * {@code --account NAME} / {@code BOTKEEPER_ACCOUNT}: one bot's mounts, policies and roles, never those of
 * the default layout or of another bot, and never quietly mixed with a mount named another way.
 */
class VaultLayoutAccountTests {

	@Test
	void anAccountShouldHaveItsOwnMountsAndPolicies() {
		VaultLayout alice = VaultLayout.resolve(null, null, "Alice-Bot", Map.of());

		assertThat(alice).isEqualTo(new VaultLayout("botkeeper-alice-bot", "botkeeper-totp-alice-bot"));
		assertThat(alice.isDefault()).isFalse();
		assertThat(alice.policyName("botkeeper-admin")).isEqualTo("botkeeper-admin-botkeeper-alice-bot");
		assertThat(VaultBootstrap.brokerRole(alice)).isEqualTo("botkeeper-broker-botkeeper-alice-bot");
		assertThat(VaultLayout.resolve(null, null, null, Map.of(VaultLayout.ACCOUNT_VARIABLE, " alice-bot ")))
			.isEqualTo(alice);
	}

	/** botkeeper.yaml's 'account' is matched against this: the bot whose mounts these are. */
	@Test
	void aLayoutShouldKnowWhichAccountItIs() {
		assertThat(VaultLayout.forAccount("Alice-Bot").account()).contains("alice-bot");
		assertThat(VaultLayout.defaults().account()).isEmpty();
		assertThat(new VaultLayout("secret-bots", "secret-bots-totp").account()).as("other mounts: a first bot").isEmpty();
		assertThat(new VaultLayout("botkeeper-alice-bot", "botkeeper-totp").account()).as("half an account").isEmpty();
	}

	@Test
	void noAccountShouldLeaveTodaysLayoutsAlone() {
		assertThat(VaultLayout.resolve(null, null, null, Map.of())).isEqualTo(VaultLayout.defaults());
		assertThat(VaultLayout.resolve(null, null, " ", Map.of(VaultLayout.ACCOUNT_VARIABLE, "")))
			.isEqualTo(VaultLayout.defaults());
		assertThat(VaultLayout.resolve("team-kv", null, null, Map.of("BOTKEEPER_TOTP_MOUNT", "team-totp")))
			.isEqualTo(new VaultLayout("team-kv", "team-totp"));
	}

	@Test
	void anAccountWithAMountShouldBeRefusedNamingBoth() {
		assertThatThrownBy(() -> VaultLayout.resolve("team-kv", null, "alice", Map.of()))
			.isInstanceOf(UserFacingException.class)
			.hasMessageStartingWith("--account and --kv-mount both choose where the bot's records are")
			.hasMessageContaining("Give only one of them.");
		assertThatThrownBy(() -> VaultLayout.resolve(null, "team-totp", null, Map.of(VaultLayout.ACCOUNT_VARIABLE, "alice")))
			.hasMessageStartingWith("BOTKEEPER_ACCOUNT and --totp-mount both choose");
		assertThatThrownBy(() -> VaultLayout.resolve(null, null, "alice", Map.of("BOTKEEPER_KV_MOUNT", "team-kv")))
			.hasMessageStartingWith("--account and BOTKEEPER_KV_MOUNT both choose")
			.hasMessageContaining("(unset BOTKEEPER_KV_MOUNT)");
	}

	@Test
	void aNameThatIsNoGitHubLoginShouldBeRefusedSayingWhatToWrite() {
		for (String bad : new String[] { "-alice", "alice-", "al--ice", "al_ice", "bots/alice", "a".repeat(40), "ä" }) {
			assertThatThrownBy(() -> VaultLayout.forAccount(bad)).as(bad)
				.isInstanceOf(UserFacingException.class)
				.hasMessageContaining("Invalid account")
				.hasMessageContaining("letters, digits or single hyphens");
		}
		assertThat(VaultLayout.forAccount("a".repeat(39)).kvMount()).hasSize("botkeeper-".length() + 39);
	}

	@Test
	void totpNamesShouldBeRefusedAsTheyWouldBeAnotherAccountsTotpMount() {
		// botkeeper-totp is the default TOTP mount, botkeeper-totp-x account x's.
		for (String reserved : new String[] { "totp", "TOTP-x" }) {
			assertThatThrownBy(() -> VaultLayout.forAccount(reserved)).as(reserved)
				.isInstanceOf(UserFacingException.class)
				.hasMessageContaining("reserved");
		}
		assertThat(VaultLayout.forAccount("totpbot").kvMount()).isEqualTo("botkeeper-totpbot");
	}

}
