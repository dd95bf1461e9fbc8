package org.botkeeper.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The reminder plan as days pass on a fixed expiry: opened at 30 days, changed only when a threshold
 * is crossed, closed after a rotation, with a second issue for one binding closed as a duplicate.
 */
class ReminderPlannerTests {

	private static final Instant EXPIRY = Instant.parse("2027-03-01T00:00:00Z");

	private final ReminderPlanner planner = new ReminderPlanner(List.of(3, 30, 14), "botkeeper token rotate OWNER/REPO");

	private final RepositoryName repository = RepositoryName.parse("jupyterhub/binderhub");

	private final Binding binding = new Binding(repository, new EnvironmentName("jupyterhub-bot"),
			new SecretName("JUPYTERHUB_BOT_PAT"));

	private final List<ReminderPlanner.Issue> open = new ArrayList<>();

	private ReminderPlanner.Item run(Instant expiry, Optional<TokenHealth.Verdict> failing, int daysBefore) {
		Instant now = EXPIRY.minus(Duration.ofDays(daysBefore)).minus(Duration.ofHours(1));
		List<ReminderPlanner.Item> items = planner.plan(
				List.of(new ReminderPlanner.Watch(binding, Optional.ofNullable(expiry), failing)), List.copyOf(open), now);
		ReminderPlanner.Item item = items.getFirst();
		// What applying does to the one issue.
		switch (item.action()) {
			case CREATE -> open.add(new ReminderPlanner.Issue(7, item.title(), item.body()));
			case UPDATE -> open.set(0, new ReminderPlanner.Issue(7, item.title(), item.body()));
			case CLOSE -> open.clear();
			case NONE -> {
			}
		}
		return item;
	}

	@Test
	void anIssueShouldChangeOnlyWhenTheDaysLeftCrossAThreshold() {
		List<String> actions = new ArrayList<>();
		for (int daysBefore = 40; daysBefore >= 0; daysBefore--) {
			ReminderPlanner.Item item = run(EXPIRY, Optional.empty(), daysBefore);
			if (item.action() != ReminderPlanner.Action.NONE) {
				actions.add(daysBefore + " " + item.action() + " " + item.title());
			}
		}
		assertThat(actions).containsExactly(
				"30 CREATE Token for jupyterhub/binderhub expires within 30 days",
				"14 UPDATE Token for jupyterhub/binderhub expires within 14 days",
				"3 UPDATE Token for jupyterhub/binderhub expires within 3 days");
		assertThat(open.getFirst().body()).contains("expires on 2027-03-01")
			.contains("botkeeper token rotate jupyterhub/binderhub")
			.endsWith("<!-- botkeeper:binding jupyterhub/binderhub -->\n");
		assertThat(open.getFirst().repository()).contains(repository);
	}

	@Test
	void aRotatedTokenShouldCloseTheIssueAndAnExpiredOneKeepIt() {
		run(EXPIRY, Optional.empty(), 10);
		ReminderPlanner.Item expired = run(EXPIRY, Optional.empty(), -2);
		assertThat(expired.action()).isEqualTo(ReminderPlanner.Action.UPDATE);
		assertThat(expired.title()).isEqualTo("Token for jupyterhub/binderhub has expired");

		ReminderPlanner.Item rotated = run(EXPIRY.plus(Duration.ofDays(365)), Optional.empty(), -2);

		assertThat(rotated.action()).isEqualTo(ReminderPlanner.Action.CLOSE);
		assertThat(rotated.issue()).contains(7L);
		assertThat(rotated.body()).contains("the token was rotated").contains("2028-02-29");
	}

	@Test
	void aRevokedTokenShouldGetAnIssueEvenWithoutAnExpiry() {
		ReminderPlanner.Item item = run(null, Optional.of(TokenHealth.Verdict.REVOKED), 100);

		assertThat(item.action()).isEqualTo(ReminderPlanner.Action.CREATE);
		assertThat(item.title()).isEqualTo("Token for jupyterhub/binderhub is revoked");
		assertThat(run(null, Optional.empty(), 100).action()).as("a working new token closes it")
			.isEqualTo(ReminderPlanner.Action.CLOSE);
	}

	@Test
	void anIssueOfARemovedBindingShouldCloseAndADuplicateToo() {
		String body = "text\n\n" + ReminderPlanner.marker(repository) + "\n";
		List<ReminderPlanner.Item> items = planner.plan(List.of(),
				List.of(new ReminderPlanner.Issue(9, "copy", body), new ReminderPlanner.Issue(4, "first", body),
						new ReminderPlanner.Issue(5, "not ours", "no marker")),
				EXPIRY);

		assertThat(items).extracting(item -> item.action() + " #" + item.issue().orElseThrow() + " " + item.reason())
			.containsExactly("CLOSE #4 the binding was removed from Vault",
					"CLOSE #9 a second open reminder for the same binding (#4 stays open)");
	}

}
