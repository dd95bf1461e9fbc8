package org.botkeeper.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** A holder's "since", the team-compass table's last column: only what Vault's times can say. */
class PolicyHoldersTests {

	private static final Instant CREATED = Instant.parse("2026-03-02T14:00:51Z");

	private static final Instant CHANGED = Instant.parse("2026-11-20T09:12:03Z");

	private static PolicyHolders.Holder holder(Instant created, Instant updated) {
		return new PolicyHolders.Holder("identity group admins", "identity group", "admins", "identity", created, updated);
	}

	@Test
	void sinceShouldBeTheCreationUntilAChangeThenByTheLastChange() {
		assertThat(holder(CREATED, CREATED).since()).isEqualTo("2026-03-02T14:00:51Z");
		assertThat(holder(CREATED, null).since()).isEqualTo("2026-03-02T14:00:51Z");
		// A policy or member may have come with any change until the last one: "by", not "since".
		assertThat(holder(CREATED, CHANGED).since())
			.isEqualTo("by 2026-11-20T09:12:03Z (last change; created 2026-03-02T14:00:51Z)");
	}

	@Test
	void sinceShouldBeADashWhereVaultRecordsNoTime() {
		assertThat(new PolicyHolders.Holder("userpass user userpass/alice", "userpass user", "alice",
				"userpass/ (userpass)").since()).isEqualTo("—");
	}

}
