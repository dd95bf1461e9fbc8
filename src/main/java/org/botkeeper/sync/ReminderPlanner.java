package org.botkeeper.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plans the expiry reminders ({@code botkeeper remind}), with no I/O: one open issue per binding whose
 * token expires within the largest threshold or whose last check found it revoked or without access,
 * from what Vault records ({@link Watch}) and the reminder issues open now ({@link Issue}). An issue is
 * found again by the hidden marker in its body ({@link #marker}), so a run never opens a second one; its
 * title and body name the threshold crossed, not the days left, so it changes only when the date crosses
 * one (30, 14, 3 days) and not every day.
 */
public final class ReminderPlanner {

	/** The label every reminder issue carries: the list request filters on it. */
	public static final String LABEL = "botkeeper-token-expiry";

	/** The default thresholds, in days before the expiry. */
	public static final List<Integer> DEFAULT_DAYS = List.of(30, 14, 3);

	private static final Pattern MARKER = Pattern.compile("<!-- botkeeper:binding ([^ ]+/[^ ]+) -->");

	/**
	 * What Vault records about one binding's token.
	 *
	 * @param expiresAt GitHub's expiry from the last check of this version, else the one typed in with
	 *        {@code token put --expires}; empty when unknown (no reminder for the date)
	 * @param failing the last check's verdict when it was not {@code WORKS} for this version
	 */
	public record Watch(Binding binding, Optional<Instant> expiresAt, Optional<TokenHealth.Verdict> failing) {

	}

	/** An open reminder issue as GitHub shows it. */
	public record Issue(long number, String title, String body) {

		/** The repository the issue's marker names, if it has one. */
		public Optional<RepositoryName> repository() {
			Matcher matcher = MARKER.matcher(body == null ? "" : body);
			if (!matcher.find()) {
				return Optional.empty();
			}
			try {
				return Optional.of(RepositoryName.parse(matcher.group(1)));
			}
			catch (InvalidNameException ex) {
				return Optional.empty(); // an edited marker: not ours to touch
			}
		}

	}

	/** What one reminder needs. */
	public enum Action {

		CREATE, UPDATE, CLOSE, NONE;

		/** How the plan prints it. */
		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/**
	 * One binding's reminder.
	 *
	 * @param issue the open issue it acts on; empty for CREATE (and for NONE without an issue)
	 * @param title the title the issue gets (CREATE, UPDATE), else the one it has
	 * @param body the body the issue gets (CREATE, UPDATE); for CLOSE, the comment posted before closing
	 * @param reason a sentence a person reads in the plan
	 */
	public record Item(RepositoryName repository, Action action, Optional<Long> issue, String title, String body,
			String reason) {

	}

	private final List<Integer> days;

	private final String rotateCommand;

	/**
	 * @param days the thresholds, any order (largest: when a reminder opens)
	 * @param rotateCommand the command the issue tells admins to run, with {@code OWNER/REPO} replaced
	 */
	public ReminderPlanner(List<Integer> days, String rotateCommand) {
		if (days.isEmpty()) {
			throw new IllegalArgumentException("at least one threshold is needed");
		}
		this.days = days.stream().distinct().sorted(Comparator.reverseOrder()).toList();
		this.rotateCommand = rotateCommand;
	}

	/** The hidden line in an issue's body that names its binding's repository. */
	public static String marker(RepositoryName repository) {
		return "<!-- botkeeper:binding " + repository + " -->";
	}

	/** The plan, one item per binding watched or issue open, sorted by repository. */
	public List<Item> plan(List<Watch> watches, List<Issue> open, Instant now) {
		Map<String, Watch> byRepository = new TreeMap<>();
		watches.forEach(watch -> byRepository.put(key(watch.binding().repository()), watch));
		Map<String, List<Issue>> issues = new TreeMap<>();
		for (Issue issue : open) {
			issue.repository().ifPresent(repository -> issues.computeIfAbsent(key(repository), k -> new ArrayList<>()).add(issue));
		}
		Set<String> keys = new HashSet<>(byRepository.keySet());
		keys.addAll(issues.keySet());
		List<Item> items = new ArrayList<>();
		for (String key : keys.stream().sorted().toList()) {
			List<Issue> found = issues.getOrDefault(key, List.of()).stream()
				.sorted(Comparator.comparingLong(Issue::number))
				.toList();
			Watch watch = byRepository.get(key);
			RepositoryName repository = watch != null ? watch.binding().repository()
					: found.getFirst().repository().orElseThrow();
			items.add(item(repository, watch, found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst()), now));
			for (Issue duplicate : found.subList(Math.min(1, found.size()), found.size())) {
				items.add(new Item(repository, Action.CLOSE, Optional.of(duplicate.number()), duplicate.title(),
						"Closed by botkeeper: #" + found.getFirst().number() + " is the reminder for " + repository + ".",
						"a second open reminder for the same binding (#" + found.getFirst().number() + " stays open)"));
			}
		}
		return items;
	}

	private Item item(RepositoryName repository, Watch watch, Optional<Issue> issue, Instant now) {
		Optional<Long> number = issue.map(Issue::number);
		Optional<Long> left = watch == null ? Optional.empty()
				: watch.expiresAt().map(at -> Math.floorDiv(Duration.between(now, at).toHours(), 24));
		boolean failing = watch != null && watch.failing().isPresent();
		boolean soon = left.map(d -> d <= days.getFirst()).orElse(false);
		if (!failing && !soon) {
			if (issue.isEmpty()) {
				return new Item(repository, Action.NONE, number, "", "", watch == null ? "no binding"
						: left.map(d -> "expires in " + d + " days, beyond " + days.getFirst())
							.orElse("no expiry recorded and the last check found nothing wrong"));
			}
			String why = watch == null ? "the binding was removed from Vault"
					: "the token was rotated: " + left.map(d -> "it now expires on " + date(watch.expiresAt().get())
							+ " (in " + d + " days)").orElse("the new one has no expiry recorded");
			return new Item(repository, Action.CLOSE, number, issue.get().title(),
					"Closed by botkeeper: " + why + ".", why);
		}
		String title;
		String summary;
		if (failing) {
			TokenHealth.Verdict verdict = watch.failing().get();
			String state = verdict == TokenHealth.Verdict.REVOKED ? "is revoked" : "lacks access";
			title = "Token for " + repository + " " + state;
			summary = "The last `botkeeper token check` found that the token of `" + watch.binding() + "` " + state
					+ ": " + verdict.sentence() + ".";
		}
		else if (left.get() < 0) {
			title = "Token for " + repository + " has expired";
			summary = "The token of `" + watch.binding() + "` expired on " + date(watch.expiresAt().get())
					+ ": sync no longer pushes it.";
		}
		else {
			int threshold = threshold(left.get());
			title = "Token for " + repository + " expires within " + threshold + (threshold == 1 ? " day" : " days");
			summary = "The token of `" + watch.binding() + "` expires on " + date(watch.expiresAt().get())
					+ ", within " + threshold + (threshold == 1 ? " day." : " days.");
		}
		String body = summary + "\n\nRotate it (as an admin, with the bot's account at hand):\n\n```sh\n"
				+ rotateCommand.replace("OWNER/REPO", repository.toString()) + "\n```\n\n"
				+ "botkeeper updates this issue as the date nears and closes it once the new token is in Vault.\n\n"
				+ marker(repository) + "\n";
		if (issue.isEmpty()) {
			return new Item(repository, Action.CREATE, number, title, body, reason(failing, left));
		}
		if (issue.get().title().equals(title) && body.equals(issue.get().body())) {
			return new Item(repository, Action.NONE, number, title, body, "#" + number.get() + " is up to date");
		}
		return new Item(repository, Action.UPDATE, number, title, body, reason(failing, left));
	}

	private String reason(boolean failing, Optional<Long> left) {
		if (failing) {
			return "the last token check found it failing";
		}
		return left.get() < 0 ? "expired " + -left.get() + " days ago"
				: "expires in " + left.get() + " days (threshold " + threshold(left.get()) + ")";
	}

	/** The smallest threshold the days left are within. */
	private int threshold(long left) {
		int within = days.getFirst();
		for (int day : days) {
			if (left <= day) {
				within = day;
			}
		}
		return within;
	}

	private static LocalDate date(Instant at) {
		return LocalDate.ofInstant(at, ZoneOffset.UTC);
	}

	private static String key(RepositoryName repository) {
		return repository.toString().toLowerCase(java.util.Locale.ROOT);
	}

}
