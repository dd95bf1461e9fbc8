package org.botkeeper.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TokenHealthTests {

	@Test
	void scopesBeyondRepoAndWorkflowShouldBeExcess() {
		assertThat(TokenHealth.excess(Set.of("repo", "workflow", "repo:status", "public_repo"), TokenHealth.NEEDED_SCOPES))
			.isEmpty();
		assertThat(TokenHealth.excess(Set.of("repo", "admin:org", "delete_repo", "gist"), TokenHealth.NEEDED_SCOPES))
			.containsExactly("admin:org", "delete_repo", "gist");
	}

	@Test
	void aCheckShouldOnlyDescribeTheVersionItChecked() {
		Instant written = Instant.parse("2026-11-25T10:00:00Z");
		TokenHealth health = new TokenHealth(2, Optional.of(written), TokenHealth.Verdict.REVOKED, TokenKind.CLASSIC_PAT,
				Optional.empty(), Set.of(), Set.of(), written.plusSeconds(60));
		assertThat(health.describes(2, written)).isTrue();
		assertThat(health.describes(3, written)).as("a newer version").isFalse();
		assertThat(health.describes(2, written.plusSeconds(5))).as("deleted and stored again").isFalse();
	}

}
