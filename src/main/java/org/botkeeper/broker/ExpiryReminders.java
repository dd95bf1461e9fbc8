package org.botkeeper.broker;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.botkeeper.github.GitHubException;
import org.botkeeper.github.ReminderIssues;
import org.botkeeper.sync.ReminderPlanner;
import org.botkeeper.sync.RepositoryName;
import org.botkeeper.sync.TokenHealth;
import org.botkeeper.vault.TokenHealthStore;
import org.botkeeper.vault.TokenRecord;
import org.botkeeper.vault.TokenStore;

/**
 * {@code botkeeper remind} and serve's daily task: observes what Vault records about each token (its
 * expiry, the last {@code token check}) and the reminder issues open in the admins' repository, plans
 * with {@link ReminderPlanner}, and applies the plan as the writer credential. Runs as the broker,
 * whose policy reads the token records and their checks and whose writer credential writes the issues.
 */
public final class ExpiryReminders {

	/** What the issue tells admins to run; {@code token rotate} guides the whole rotation. */
	public static final String ROTATE_COMMAND = "botkeeper token rotate OWNER/REPO";

	/**
	 * One planned item and how applying it ended.
	 *
	 * @param issue the issue number after applying (a created issue's new number), if any
	 * @param error why applying this item failed; the other items are still applied
	 */
	public record Outcome(ReminderPlanner.Item item, Optional<Long> issue, Optional<String> error) {

	}

	private final TokenStore tokens;

	private final TokenHealthStore health;

	private final ReminderIssues issues;

	private final ReminderPlanner planner;

	private final Clock clock;

	ExpiryReminders(TokenStore tokens, TokenHealthStore health, ReminderIssues issues, List<Integer> days, Clock clock) {
		this.tokens = tokens;
		this.health = health;
		this.issues = issues;
		this.planner = new ReminderPlanner(days, ROTATE_COMMAND);
		this.clock = clock;
	}

	/** The plan for the bindings of {@code only} (every binding when empty); issues of others are left alone. */
	public List<ReminderPlanner.Item> plan(Set<RepositoryName> only) {
		List<ReminderPlanner.Watch> watches = new ArrayList<>();
		for (TokenRecord record : tokens.records().records()) {
			if (only.isEmpty() || only.contains(record.binding().repository())) {
				watches.add(watch(record));
			}
		}
		List<ReminderPlanner.Issue> open = issues.open().stream()
			.filter(issue -> only.isEmpty() || issue.repository().filter(only::contains).isPresent())
			.toList();
		return planner.plan(watches, open, clock.instant());
	}

	/**
	 * Applies {@code plan}. A failure of one item (GitHub refused it) is kept with the item and the rest
	 * go on, except a 401/403 on the reminder repository itself, which every other item would meet too.
	 */
	public List<Outcome> apply(List<ReminderPlanner.Item> plan) {
		List<Outcome> outcomes = new ArrayList<>();
		for (ReminderPlanner.Item item : plan) {
			try {
				Optional<Long> number = switch (item.action()) {
					case CREATE -> Optional.of(issues.create(item.title(), item.body()));
					case UPDATE -> {
						issues.update(item.issue().orElseThrow(), item.title(), item.body());
						yield item.issue();
					}
					case CLOSE -> {
						issues.close(item.issue().orElseThrow(), item.body());
						yield item.issue();
					}
					case NONE -> item.issue();
				};
				outcomes.add(new Outcome(item, number, Optional.empty()));
			}
			catch (org.botkeeper.github.GitHubForbiddenException | org.botkeeper.github.GitHubUnauthorizedException ex) {
				throw ex;
			}
			catch (GitHubException ex) {
				outcomes.add(new Outcome(item, item.issue(), Optional.of(ex.getMessage())));
			}
		}
		return outcomes;
	}

	/**
	 * What the reminder goes by: GitHub's expiry from a check of this very version, else the date typed
	 * in with {@code token put --expires}; a check of an older version says nothing about the new token.
	 * An App-mode binding mints a fresh token per push: nothing expires.
	 */
	private ReminderPlanner.Watch watch(TokenRecord record) {
		if (record.app() != null) {
			return new ReminderPlanner.Watch(record.binding(), Optional.empty(), Optional.empty());
		}
		Optional<TokenHealth> checked = health.readIfAllowed(record.binding().repository())
			.filter(h -> h.describes(record.version(), record.updatedTime()));
		Optional<Instant> typed = Optional.ofNullable(record.expiresAt())
			.map(date -> date.atStartOfDay(ZoneOffset.UTC).toInstant());
		return new ReminderPlanner.Watch(record.binding(), checked.flatMap(TokenHealth::expiresAt).or(() -> typed),
				checked.map(TokenHealth::verdict).filter(verdict -> verdict != TokenHealth.Verdict.WORKS));
	}

}
