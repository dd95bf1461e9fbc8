package org.botkeeper.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.botkeeper.broker.TokenGovernance.Action;
import org.botkeeper.broker.TokenGovernance.Flag;
import org.botkeeper.github.OrgTokens.Token;
import org.botkeeper.sync.RepositoryName;
import org.junit.jupiter.api.Test;

/** The cases of {@link TokenGovernance} the command-line test does not reach, where revoking wrongly breaks CI. */
class TokenGovernanceTests {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static final RepositoryName HUB = RepositoryName.parse("org/hub");

	private static final LocalDate EXPIRY = LocalDate.parse("2027-02-01");

	private static Token token(long id, String owner, Instant granted, Optional<LocalDate> expires, boolean all,
			String... repositories) {
		return new Token(id, owner, id * 10, "t" + id, all, Arrays.stream(repositories).map(RepositoryName::parse).toList(),
				granted, expires.map(date -> date.atStartOfDay(ZoneOffset.UTC).toInstant()), Optional.of(NOW),
				Optional.empty());
	}

	private static TokenGovernance.Plan plan(Map<RepositoryName, Optional<LocalDate>> bindings, List<Token> tokens,
			List<Token> requests) {
		return new TokenGovernance("bot", bindings, NOW, Duration.ofDays(90)).plan(tokens, requests);
	}

	@Test
	void twoTokensWithTheRecordedExpiryShouldRevokeNeither() {
		Token older = token(1, "bot", NOW.minus(9, ChronoUnit.DAYS), Optional.of(EXPIRY), false, "org/hub");
		Token newer = token(2, "bot", NOW.minus(1, ChronoUnit.DAYS), Optional.of(EXPIRY), false, "org/hub");

		TokenGovernance.Plan plan = plan(Map.of(HUB, Optional.of(EXPIRY)), List.of(older, newer), List.of());

		assertThat(plan.steps()).isEmpty();
		assertThat(plan.findings()).extracting(TokenGovernance.Finding::flag).containsExactly(Flag.UNMATCHED,
				Flag.UNMATCHED);
	}

	@Test
	void aTokenGrantedAfterTheCurrentOneShouldNotBeRevokedAsItsPredecessor() {
		Token current = token(1, "bot", NOW.minus(9, ChronoUnit.DAYS), Optional.of(EXPIRY), false, "org/hub");
		Token later = token(2, "bot", NOW.minus(1, ChronoUnit.DAYS), Optional.of(EXPIRY.plusDays(5)), false, "org/hub");
		Token earlier = token(3, "bot", NOW.minus(30, ChronoUnit.DAYS), Optional.of(EXPIRY.minusDays(5)), false, "org/hub");

		TokenGovernance.Plan plan = plan(Map.of(HUB, Optional.of(EXPIRY)), List.of(current, later, earlier), List.of());

		assertThat(plan.steps()).singleElement().satisfies(step -> {
			assertThat(step.action()).isEqualTo(Action.REVOKE);
			assertThat(step.token().id()).isEqualTo(3);
		});
		assertThat(plan.findings()).singleElement().satisfies(finding -> {
			assertThat(finding.flag()).isEqualTo(Flag.UNMATCHED);
			assertThat(finding.token().id()).isEqualTo(2);
		});
	}

	@Test
	void aBindingWithNoRecordedExpiryShouldMatchTheTokenThatNeverExpires() {
		Token forever = token(1, "bot", NOW.minus(9, ChronoUnit.DAYS), Optional.empty(), false, "org/hub");
		Token old = token(2, "bot", NOW.minus(90, ChronoUnit.DAYS), Optional.of(EXPIRY), false, "org/hub");

		TokenGovernance.Plan plan = plan(Map.of(HUB, Optional.empty()), List.of(forever, old), List.of());

		assertThat(plan.steps()).extracting(step -> step.token().id()).containsExactly(2L);
		assertThat(plan.steps().getFirst().why()).contains("uses 't1' now (expires never");
	}

	@Test
	void aRequestForAllRepositoriesShouldBeDeniedEvenWhenEveryOneIsBound() {
		Token all = token(5, "bot", NOW, Optional.of(EXPIRY), true, "org/hub");

		TokenGovernance.Plan plan = plan(Map.of(HUB, Optional.of(EXPIRY)), List.of(), List.of(all));

		assertThat(plan.steps()).singleElement().satisfies(step -> {
			assertThat(step.action()).isEqualTo(Action.DENY);
			assertThat(step.why()).startsWith("asks for all repositories");
		});
	}

	@Test
	void aCurrentTokenSelectingAllRepositoriesShouldBeFlaggedAsExcess() {
		Token all = token(1, "bot", NOW, Optional.of(EXPIRY), true, "org/hub", "org/other");

		TokenGovernance.Plan plan = plan(Map.of(HUB, Optional.of(EXPIRY)), List.of(all), List.of());

		assertThat(plan.steps()).isEmpty();
		assertThat(plan.findings()).singleElement().satisfies(finding -> {
			assertThat(finding.flag()).isEqualTo(Flag.EXCESS);
			assertThat(finding.why()).isEqualTo("selects all repositories of the organisation; its binding needs only org/hub");
		});
	}

}
